#!/usr/bin/env bash
# bench/email.sh: the email channel's throughput on loopback.
#
#   bench/email.sh [N]     N inbound messages (default 2000), as many
#                          outbound deliveries (BENCH_MAIL_OUT, default N)
#
# Inbound: bench/smtp_load.js sends N messages over BENCH_MAIL_CONNS (8)
# SMTP connections to `parley serve --smtp-listen`, each from its own
# sender, so each opens a ticket; the figure counts 250 answers, and the
# tickets are counted through the API afterwards.
# Outbound: an agent answers BENCH_MAIL_OUT of those tickets through the
# API while no relay is configured (so the outbox fills), then parley
# restarts with --smtp-relay pointing at Postfix's smtp-sink and the figure
# is the time until the outbox has no queued message.
# Prints two lines; asserts nothing but that every message got through.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-${BENCH_N:-2000}}
OUT=${BENCH_MAIL_OUT:-$N}
CONNS=${BENCH_MAIL_CONNS:-8}
EMAIL=admin@bench.test
PASSWORD=bench-password-1
SINK=${SMTP_SINK:-/usr/sbin/smtp-sink}

for tool in curl node "$SINK"; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
make -s parley

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parley-mail-bench.XXXXXX")
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

DB="sqlite:$tmp/p.db"
./parley admin create-account bench --admin-email "$EMAIL" --admin-password "$PASSWORD" \
	--db "$DB" >/dev/null

# serve NAME ARGS...: starts parley serve; sets ORIGIN, SMTP_PORT, SERVER_PID.
serve() {
	local name=$1
	shift
	./parley serve --listen 127.0.0.1:0 --db "$DB" --mail-sender-limit 0 "$@" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	ORIGIN=
	for _ in $(seq 150); do
		ORIGIN=$(sed -n 's/.*ready on \(http:[^ ]*\).*/\1/p' "$tmp/$name.out")
		SMTP_PORT=$(sed -n 's/.*smtp on .*:\([0-9]*\)$/\1/p' "$tmp/$name.out")
		[ -n "$ORIGIN" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: parley did not start:" >&2
	cat "$tmp/$name.err" >&2
	exit 1
}

stop() {
	kill "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null || true
}

api() {
	curl -sf -u "$EMAIL:$PASSWORD" -H "Host: bench.localhost" "$@"
}

count() {
	api "$ORIGIN/api/v2/$1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).count))'
}

# Inbound.
serve inbound --smtp-listen 127.0.0.1:0
node bench/smtp_load.js "$SMTP_PORT" "$N" "$CONNS" support@bench.localhost
tickets=$(count "tickets.json?per_page=1")
echo "inbound: $tickets tickets from $N messages"
[ "$tickets" -ge "$N" ] || { echo "bench: messages missing" >&2; exit 1; }

# Outbound: fill the outbox with agent replies, then deliver.
ORIGIN=$ORIGIN EMAIL=$EMAIL PASSWORD=$PASSWORD node -e '
const n = Number(process.argv[1]);
const auth = "Basic " + Buffer.from(`${process.env.EMAIL}:${process.env.PASSWORD}`).toString("base64");
let next = 1;
async function worker() {
  for (let id = next++; id <= n; id = next++) {
    const r = await fetch(`${process.env.ORIGIN}/api/v2/tickets/${id}.json`, { method: "PUT",
      headers: { Authorization: auth, "Content-Type": "application/json", Host: "bench.localhost" },
      body: JSON.stringify({ ticket: { comment: { body: `Answer to ticket ${id}`, public: true } } }) });
    if (r.status !== 200) throw new Error(`ticket ${id}: ${r.status} ${await r.text()}`);
  }
}
Promise.all(Array.from({ length: 8 }, worker)).catch((e) => { console.error(e); process.exit(1); });
' "$OUT"
queued=$(count "channels/email/outbox.json?status=queued&per_page=1")
stop

SINK_PORT=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$SINK" -u "$(id -un)" "127.0.0.1:$SINK_PORT" 256 >"$tmp/sink.log" 2>&1 &
PIDS+=("$!")
sleep 0.3
t0=$(date +%s.%N)
serve outbound --smtp-relay "127.0.0.1:$SINK_PORT"
while [ "$(count "channels/email/outbox.json?status=queued&per_page=1")" != 0 ]; do
	sleep 0.05
done
t1=$(date +%s.%N)
sent=$(count "channels/email/outbox.json?status=sent&per_page=1")
node -e "const s=$t1-$t0;console.log('outbound $sent deliveries (of $queued queued) to smtp-sink in '+s.toFixed(2)+' s: '+($sent/s).toFixed(0)+' deliveries/s')"
stop
