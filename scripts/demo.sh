#!/usr/bin/env bash
# Runs a demo Parley on a fresh Debian machine, in the foreground:
#  1. installs what is missing (scripts/setup.sh) and builds ./parley;
#  2. on first run, creates ./data/parley.db with account "demo" whose admin
#     is admin@demo.test, with a random password kept in
#     ./data/demo-admin-password (mode 600) for later runs, and once the
#     server is up fills it with sample data (scripts/demo-seed.sh);
#  3. starts `parley serve` on 127.0.0.1:8080 (PARLEY_LISTEN overrides),
#     creates an API token through the API once it is ready, and prints the
#     admin login and the token;
#  4. stays in the foreground until Ctrl-C, which stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=./data/parley.db
PWFILE=./data/demo-admin-password
EMAIL=admin@demo.test
LISTEN=${PARLEY_LISTEN:-127.0.0.1:8080}

bash scripts/setup.sh --no-npm
make -s -j"$(nproc 2>/dev/null || echo 2)" parley

fresh=
if [ ! -e "$DB" ]; then
	fresh=1
	mkdir -p data
	password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
	(umask 077 && printf '%s\n' "$password" > "$PWFILE")
	./parley admin create-account demo --admin-email "$EMAIL" \
		--admin-password "$password" --db "sqlite:$DB"
fi
password=$(cat "$PWFILE" 2>/dev/null || true)

log=$(mktemp "${TMPDIR:-/tmp}/parley-demo.XXXXXX")
./parley serve --listen "$LISTEN" --db "sqlite:$DB" >"$log" &
pid=$!
stop() {
	trap - INT TERM EXIT
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$log"
}
trap stop EXIT
trap 'stop; exit 0' INT TERM

origin=
for _ in $(seq 100); do
	origin=$(sed -n 's/^parley: ready on \(http:[^ ]*\).*/\1/p' "$log")
	[ -n "$origin" ] && break
	kill -0 "$pid" 2>/dev/null || { echo "demo: parley did not start (is $LISTEN in use?)" >&2; exit 1; }
	sleep 0.1
done
[ -n "$origin" ] || { echo "demo: parley did not report ready" >&2; exit 1; }

echo
echo "Parley is running at $origin (Ctrl-C stops it)"
if [ -z "$password" ]; then
	echo "$DB was not created by this script: no admin password is known," \
		"so no API token was created."
else
	token=$(curl -s -u "$EMAIL:$password" -H 'Content-Type: application/json' \
		-d '{"api_token":{"description":"demo"}}' "$origin/api/v2/api_tokens.json" |
		sed -n 's/.*"token":"\([A-Za-z0-9]*\)".*/\1/p')
	[ -z "$fresh" ] || bash scripts/demo-seed.sh "$origin" "$EMAIL" "$password" ||
		echo "demo: the sample data could not all be created" >&2
	echo "  admin login: $EMAIL / $password"
	if [ -n "$token" ]; then
		echo "  API token:   $token"
		echo
		echo "  curl -u $EMAIL/token:$token $origin/api/v2/users/me.json"
	else
		echo "  (creating an API token failed)"
	fi
fi
echo
wait "$pid"
