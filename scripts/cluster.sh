#!/usr/bin/env bash
# Starts the production shape on one machine without containers: a redis-server, N silos and M Api nodes,
# all on loopback, sharing one signing key. Ctrl-C stops everything.
# Usage: scripts/cluster.sh [silos=2] [apis=2]   (ports: Redis 6390, Api 5001.., silo dashboards 8081..)
set -euo pipefail
cd "$(dirname "$0")/.."
SILOS=${1:-2}
APIS=${2:-2}
REDIS_PORT=${REDIS_PORT:-6390}
STATE=${STATE_DIR:-.cluster}
mkdir -p "$STATE"

command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server"; exit 1; }
[ -f "$STATE/signing-key.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$STATE/signing-key.pem" 2>/dev/null
dotnet build OrleansSessions.sln -c Release -nologo -v quiet

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE" --appendonly yes --save "" >"$STATE/redis.log" 2>&1 &
pids+=($!)

export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" Orleans__AdvertisedIP=127.0.0.1 DOTNET_ENVIRONMENT=Production
for i in $(seq 1 "$SILOS"); do
  Orleans__SiloPort=$((11110 + i)) Orleans__GatewayPort=$((30000 + i)) ASPNETCORE_URLS="http://127.0.0.1:$((8080 + i))" \
    dotnet src/Silo/bin/Release/net10.0/OrleansSessions.Silo.dll >"$STATE/silo-$i.log" 2>&1 &
  pids+=($!)
  echo "silo $i: dashboard http://127.0.0.1:$((8080 + i))/dashboard (log $STATE/silo-$i.log)"
done
for i in $(seq 1 "$APIS"); do
  Jwt__SigningKeyFile="$PWD/$STATE/signing-key.pem" ASPNETCORE_URLS="http://127.0.0.1:$((5000 + i))" \
    dotnet src/Api/bin/Release/net10.0/OrleansSessions.Api.dll >"$STATE/api-$i.log" 2>&1 &
  pids+=($!)
  echo "api $i: http://127.0.0.1:$((5000 + i)) (log $STATE/api-$i.log)"
done
echo "Running. Ctrl-C stops the cluster."
wait
