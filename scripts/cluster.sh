#!/usr/bin/env bash
# Starts the production shape on one machine without containers: a redis-server, N silos and M Api nodes, all on
# loopback, sharing one signing key and one server secret. Ctrl-C (or SIGTERM) stops everything. The tests start it the same way.
#
# Usage: scripts/cluster.sh [silos=2] [apis=2]
# Ports (override with space-separated lists): REDIS_PORT=6390, SILO_PORTS="11111 ..", GATEWAY_PORTS="30001 ..",
#   SILO_HTTP_PORTS="8081 .." (dashboard, /metrics), API_PORTS="5001 ..".
# Each process runs with its project as content root (its appsettings.json; the Api's web pages in wwwroot).
# Other settings: STATE_DIR (.cluster), CONFIGURATION (Release), NO_BUILD=1 to use the existing build,
#   DASHBOARD_PASSWORD (operator sign-in "operator" for the dashboards and /metrics; default: a random one, printed).
set -euo pipefail
cd "$(dirname "$0")/.."
SILOS=${1:-2}
APIS=${2:-2}
REDIS_PORT=${REDIS_PORT:-6390}
STATE=${STATE_DIR:-.cluster}
CONFIGURATION=${CONFIGURATION:-Release}
seq_ports() { local base=$1 count=$2; for i in $(seq 1 "$count"); do echo -n "$((base + i)) "; done; }
read -r -a silo_ports <<<"${SILO_PORTS:-$(seq_ports 11110 "$SILOS")}"
read -r -a gateway_ports <<<"${GATEWAY_PORTS:-$(seq_ports 30000 "$SILOS")}"
read -r -a silo_http_ports <<<"${SILO_HTTP_PORTS:-$(seq_ports 8080 "$SILOS")}"
read -r -a api_ports <<<"${API_PORTS:-$(seq_ports 5000 "$APIS")}"
STATE=$(mkdir -p "$STATE" && cd "$STATE" && pwd)

command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server"; exit 1; }
[ -f "$STATE/signing-key.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$STATE/signing-key.pem" 2>/dev/null
[ -f "$STATE/server-secret" ] || (umask 077 && openssl rand -base64 32 >"$STATE/server-secret")
[ "${NO_BUILD:-}" = 1 ] || dotnet build OrleansSessions.sln -c "$CONFIGURATION" -nologo -v quiet
DASHBOARD_PASSWORD=${DASHBOARD_PASSWORD:-$(openssl rand -hex 12)}

redis_pid=""; silo_pids=(); api_pids=()
# Stop in dependency order (Api nodes, then silos, then Redis), each group given 20 s before SIGKILL.
alive() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
stop() {
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 200); do alive "$@" || return 0; sleep 0.1; done
  kill -KILL "$@" 2>/dev/null || true
}
cleanup() { trap - EXIT INT TERM; stop "${api_pids[@]}"; stop "${silo_pids[@]}"; stop $redis_pid; }
trap cleanup EXIT
trap 'exit 0' INT TERM

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE" --appendonly yes --save "" >"$STATE/redis.log" 2>&1 &
redis_pid=$!

export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" Orleans__AdvertisedIP=127.0.0.1 DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
export Dashboard__Username=operator Dashboard__Password="$DASHBOARD_PASSWORD"
for i in $(seq 0 $((SILOS - 1))); do
  Orleans__SiloPort=${silo_ports[$i]} Orleans__GatewayPort=${gateway_ports[$i]} ASPNETCORE_URLS="http://127.0.0.1:${silo_http_ports[$i]}" \
    dotnet "src/Silo/bin/$CONFIGURATION/net10.0/OrleansSessions.Silo.dll" --contentRoot "$PWD/src/Silo" >"$STATE/silo-$((i + 1)).log" 2>&1 &
  silo_pids+=($!)
  echo "silo $((i + 1)): http://127.0.0.1:${silo_http_ports[$i]}/dashboard/ (log $STATE/silo-$((i + 1)).log)"
done
for i in $(seq 0 $((APIS - 1))); do
  DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}" \
  Jwt__SigningKeyFile="$STATE/signing-key.pem" Auth__SecretKeyFile="$STATE/server-secret" ASPNETCORE_URLS="http://127.0.0.1:${api_ports[$i]}" \
    Operators__DashboardUrl="http://127.0.0.1:${silo_http_ports[0]}/dashboard/" \
    Auth__BootstrapAdmin__Email="${BOOTSTRAP_ADMIN_EMAIL:-}" Auth__BootstrapAdmin__Password="${BOOTSTRAP_ADMIN_PASSWORD:-}" \
    dotnet "src/Api/bin/$CONFIGURATION/net10.0/OrleansSessions.Api.dll" --contentRoot "$PWD/src/Api" >"$STATE/api-$((i + 1)).log" 2>&1 &
  api_pids+=($!)
  echo "api $((i + 1)): http://127.0.0.1:${api_ports[$i]} (log $STATE/api-$((i + 1)).log)"
done
echo "dashboard and /metrics sign-in: operator / $DASHBOARD_PASSWORD"
echo "Running. Ctrl-C stops the cluster."
wait
