#!/usr/bin/env bash
# The benchmark suite (not a test): builds in Release, installs what it drives (wrk, redis-server) when missing,
# and prints every figure. Settings: BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (32), BENCH_SCALE_USERS
# (20000), BENCH_SCALE_SETTLE (65 s), BENCH_GRAIN_USERS (20000). BENCH_ONLY=grain-creation, activation-memory, memory,
# me (the GET /auth/me contenders and their ratios, GET /auth/check among them), check (GET /auth/check against
# GET /auth/me alone), service (the service API), scale or events (events on vs off, delivery lag; BENCH_EVENTS_ON=
# webhook, stream or off sets what the "on" side runs, off being a control; BENCH_ME_ROUNDS its /auth/me rounds; with service,
# BENCH_SERVICE_CONNECTIONS (128) its session-opening runs' concurrency, BENCH_SERVICE_QUICK=1, new or me the returning
# users, the new users or the /auth/me rounds alone, for comparing two builds turn about) runs that
# part alone (see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")"
need_install=()
command -v wrk >/dev/null 2>&1 || need_install+=(wrk)
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
if [ ${#need_install[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_install[@]}" >/dev/null
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build OrleansSessions.sln -c Release -nologo -v quiet
dotnet bench/Runner/bin/Release/net10.0/OrleansSessions.Bench.dll
