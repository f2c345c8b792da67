#!/usr/bin/env bash
# Installs what Parley needs on a Debian machine, idempotently:
# the build's -dev packages, the test peers and tools (sqlite3 for test
# fixtures, chromium for the browser tests), and the npm dev
# dependencies of the tests (npm ci against the committed lockfile).
# postfix is installed only for its standalone smtp-sink (/usr/sbin/smtp-sink),
# the SMTP peer that receives Parley's outbound mail in the tests; the
# postfix daemon itself is never needed.
# Usage: scripts/setup.sh [--no-npm]
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
  build-essential pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  libgmime-3.0-dev libcurl4-openssl-dev
  libcmocka-dev valgrind
  tzdata sqlite3
  curl wrk nodejs npm
  chromium
  swaks postfix
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with nodejs from another source; only ask apt when absent.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" != "--no-npm" ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
