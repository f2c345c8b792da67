#!/usr/bin/env bash
# Time to usable of the agent workspace's pages over TICKETS tickets
# (default 100,000), seeded straight into the store by bench/search_seed.c
# (the search benchmark's data set: 50,000 end users, 2,000 organizations,
# 40 agents, tickets in nine languages with comments), opened in chromium
# by bench/agent_pages.js as the account's admin.  Prints, per page, the
# median and max of a full page load and of an in-app navigation, in ms.
# Usage: bench/agent_pages.sh   (TICKETS=N THREADS=T RUNS=R; KEEP=dir
# keeps the seeded store there and reuses it on the next run; COLD=1 does
# not read the store into the OS cache first)
# Loopback only.  Asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TICKETS=${TICKETS:-100000}
THREADS=${THREADS:-4}

for tool in cc node curl /usr/bin/chromium; do
	command -v "$tool" >/dev/null || { echo "agent_pages: needs $tool"; exit 1; }
done
[ -d node_modules/playwright-core ] || npm ci --silent
make -s parley
. bench/seeded.sh
seeded_store "$TICKETS"
serve_store "$THREADS" --web-root "$ROOT/web"
# The bench account is the store's only one, so it answers on any host.
AUTH=admin@bench.test:bench-password-1
# The latest updated ticket (the seed gives many a reply or a note) and
# its requester.
read -r TICKET USER < <(curl -s -u "$AUTH" \
	"$ORIGIN/api/v2/tickets.json?per_page=1&sort_by=updated_at&sort_order=desc" |
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).tickets[0];console.log(t.id,t.requester_id)})')
echo "== $(nproc) CPUs, server threads $THREADS, $TICKETS tickets; ticket #$TICKET, user $USER"
node bench/agent_pages.js "$ORIGIN" admin@bench.test bench-password-1 "$TICKET" "$USER"
