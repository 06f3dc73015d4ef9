#!/usr/bin/env bash
# Runs every test of OrleansSessions. Installs what the tests need when it is missing (redis-server, redis-sentinel,
# nginx, docker-compose, chromium, iproute2, iptables, from Debian), builds the solution once, then runs the unit, grain,
# HTTP and multi-process cluster tests, the network tests (partition and rolling deploy on network namespaces of their
# own; they need root and skip without it) and the browser test of the web page (screenshots in artifacts/screenshots).
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

need_install=()
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
[ -x /usr/sbin/nginx ] || need_install+=(nginx)                                 # the gateway test: auth_request to /auth/check
command -v redis-sentinel >/dev/null 2>&1 || need_install+=(redis-sentinel)   # the Sentinel failover tests
command -v docker-compose >/dev/null 2>&1 || need_install+=(docker-compose)   # validates docker-compose.yml (no engine needed)
command -v chromium >/dev/null 2>&1 || need_install+=(chromium)               # the browser test of the web page
command -v node >/dev/null 2>&1 || need_install+=(nodejs npm)
command -v ip >/dev/null 2>&1 || need_install+=(iproute2)                    # the network tests' namespaces and bridge
command -v iptables >/dev/null 2>&1 || need_install+=(iptables)               # the network tests' partitions
if [ ${#need_install[@]} -gt 0 ]; then
  echo "Installing: ${need_install[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_install[@]}" >/dev/null
fi
# No system Redis or nginx is used: every test starts its own redis-server or nginx on a free loopback port and stops it after.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build OrleansSessions.sln -c Release -nologo -v quiet
rm -f artifacts/test-figures.txt
status=0
dotnet test OrleansSessions.sln -c Release --no-build -nologo "$@" || status=$?

# The web page in a real browser: Debian's Chromium driven by playwright-core (no browser download).
(cd tests/Browser && npm ci --no-audit --no-fund --silent && CONFIGURATION=Release node --test) || status=$?
if [ -f artifacts/test-figures.txt ]; then
  echo; echo "Figures measured by the fault tests:"; sed 's/^/  /' artifacts/test-figures.txt
fi
exit $status
