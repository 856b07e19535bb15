#!/usr/bin/env bash
# Load benchmark of the GAM bearer handler: builds Release, starts the API sample (through the benchmark
# host, which runs SampleApi.Create unchanged and, for the L2 scenario, registers Redis), runs wrk on
# loopback and prints requests/s and p99 per scenario, with the ratio to the /api/ping baseline.
#
#   benchmarks/run.sh                      # all scenarios, 10 s each, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 benchmarks/run.sh
#
# Needs wrk and redis-server (Debian: apt-get install -y wrk redis-server). Writes into benchmarks/results/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULTS="$ROOT/benchmarks/results"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
REPEAT="${REPEAT:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
TOKENS="${TOKENS:-10000}"
PORT="${PORT:-5090}"
URL="http://127.0.0.1:$PORT"
DLL="$ROOT/benchmarks/GamAuthentication.Benchmarks/bin/Release/net10.0/GamAuthentication.Benchmarks.dll"

for tool in wrk redis-server curl dotnet; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is required (Debian: apt-get install -y $tool)" >&2
    exit 1
  fi
done

mkdir -p "$RESULTS"
echo "Building Release..." >&2
dotnet build -c Release "$ROOT/benchmarks/GamAuthentication.Benchmarks" -nologo -v quiet >&2
dotnet build -c Release "$ROOT/samples/GamAuthentication.Samples.Farm" -nologo -v quiet >&2
FARM_DLL="$ROOT/samples/GamAuthentication.Samples.Farm/bin/Release/net10.0/GamAuthentication.Samples.Farm.dll"

APP_PID=""
REDIS_PID=""
FARM_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  if [ -n "$FARM_PID" ]; then kill "$FARM_PID" 2>/dev/null || true; wait "$FARM_PID" 2>/dev/null || true; fi
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# Tokens stay valid for the whole run; the valid-token cache outlives it so the L1/L2 scenarios measure hits.
COMMON=(--urls "$URL" --environment Production
  --Logging:LogLevel:Default=Warning
  --GamEmulator:AccessTokenLifetimeSeconds=0
  --Authentication:Schemes:GamBearer:CacheDuration=01:00:00)

start_app() {
  dotnet "$DLL" serve "${COMMON[@]}" "$@" >"$RESULTS/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 100); do
    if curl -fs "$URL/api/ping" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "the API sample did not start; see $RESULTS/app.log" >&2
  exit 1
}

stop_app() {
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
}

# Prints "requests/s p99 non2xx" for one scenario: an unmeasured warm-up run (JIT, pools, caches), then
# REPEAT measured runs; the run with the median requests/s is reported (other processes share the cores).
run_wrk() {
  local out runs=() errors=0
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" >/dev/null
  for _ in $(seq 1 "$REPEAT"); do
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")"
    echo "$out" >>"$RESULTS/wrk.log"
    local rps p99 e
    rps="$(echo "$out" | awk '/Requests\/sec:/ {print $2}')"
    p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
    e="$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $5}')"
    errors=$(( errors + ${e:-0} ))
    runs+=("$rps $p99")
  done
  local median
  median="$(printf '%s\n' "${runs[@]}" | sort -n -k1,1 | awk -v n="$REPEAT" 'NR == int((n + 1) / 2)')"
  echo "$median $errors"
}

: >"$RESULTS/wrk.log"
declare -a NAMES RPS P99 ERRORS LUA

record() {
  NAMES+=("$1"); read -r r p e <<<"$2"; RPS+=("$r"); P99+=("$p"); ERRORS+=("$e"); LUA+=("${3:-no}")
  echo "  $1: $r req/s, p99 $p, non-2xx $e" >&2
}

echo "Scenario set 1: default settings (L1 on, no L2)" >&2
start_app
dotnet "$DLL" tokens "$URL" "$TOKENS" "$RESULTS/tokens.txt" >&2
record "/api/ping (baseline, anonymous, static request)" "$(run_wrk "$URL/api/ping")"
record "/api/ping (baseline, requests built in Lua with a token in X-Token)" "$(run_wrk -s "$ROOT/benchmarks/rotate-tokens.lua" "$URL/api/ping" -- "$RESULTS/tokens.txt" X-Token)" yes
TOKEN="$(head -1 "$RESULTS/tokens.txt")"
record "/api/ping with a token: authentication alone, L1 hit (UseAuthentication runs on every request)" "$(run_wrk -H "Authorization: Bearer $TOKEN" "$URL/api/ping")"
record "/api/me, L1 hit, one token (static request)" "$(run_wrk -H "Authorization: Bearer $TOKEN" "$URL/api/me")"
record "/api/me, L1 hit, $TOKENS tokens rotated" "$(run_wrk -s "$ROOT/benchmarks/rotate-tokens.lua" "$URL/api/me" -- "$RESULTS/tokens.txt")" yes
stop_app

echo "Scenario set 2: L1 off, L2 on a real redis-server" >&2
REDIS_PORT="$(( PORT + 1000 ))"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning >"$RESULTS/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then break; fi
  sleep 0.1
done
start_app --Redis="127.0.0.1:$REDIS_PORT" \
  --Authentication:Schemes:GamBearer:EnableMemoryCache=false \
  --Authentication:Schemes:GamBearer:DistributedCacheTimeout=00:00:02
dotnet "$DLL" tokens "$URL" "$TOKENS" "$RESULTS/tokens.txt" >&2
record "/api/me, L1 off, L2 (Redis) hit, $TOKENS tokens rotated" "$(run_wrk -s "$ROOT/benchmarks/rotate-tokens.lua" "$URL/api/me" -- "$RESULTS/tokens.txt")" yes
stop_app
start_app --Redis="127.0.0.1:$REDIS_PORT" \
  --Authentication:Schemes:GamBearer:EnableMemoryCache=false \
  --Authentication:Schemes:GamBearer:ProtectDistributedCache=false \
  --Authentication:Schemes:GamBearer:DistributedCacheKeyPrefix=unprotected: \
  --Authentication:Schemes:GamBearer:DistributedCacheTimeout=00:00:02
dotnet "$DLL" tokens "$URL" "$TOKENS" "$RESULTS/tokens.txt" >&2
record "/api/me, L1 off, L2 (Redis) hit, payload protection off (not the default), $TOKENS tokens rotated" "$(run_wrk -s "$ROOT/benchmarks/rotate-tokens.lua" "$URL/api/me" -- "$RESULTS/tokens.txt")" yes
stop_app
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""

echo "Scenario set 3: caching off (every request calls the emulator's userinfo over loopback HTTP)" >&2
start_app --Authentication:Schemes:GamBearer:EnableMemoryCache=false --Authentication:Schemes:GamBearer:EnableDistributedCache=false
dotnet "$DLL" tokens "$URL" "$TOKENS" "$RESULTS/tokens.txt" >&2
record "/api/me, no cache, $TOKENS tokens rotated" "$(run_wrk -s "$ROOT/benchmarks/rotate-tokens.lua" "$URL/api/me" -- "$RESULTS/tokens.txt")" yes
stop_app

echo "Scenario set 4: MVC sample, signed in, GET /claims: tokens in the cookie vs server-side sessions in Redis" >&2
# The farm launcher with one MVC instance (and one API instance, idle) in farm mode; wrk talks to the MVC instance
# directly, not through the balancer. Tokens last a day, so nothing refreshes during the run.
FARM_BASE="$(( PORT + 300 ))"
MVC_URL="http://127.0.0.1:$(( FARM_BASE + 1 ))"
start_farm() {
  dotnet "$FARM_DLL" --BasePort="$FARM_BASE" --MvcInstances=1 --ApiInstances=1 --AccessTokenLifetimeSeconds=86400 \
    --ServerSideSessions="$1" >"$RESULTS/farm.log" 2>&1 &
  FARM_PID=$!
  for _ in $(seq 1 300); do
    if grep -q "farm demo is up" "$RESULTS/farm.log"; then return 0; fi
    sleep 0.2
  done
  echo "the farm did not start; see $RESULTS/farm.log" >&2
  exit 1
}
stop_farm() {
  kill "$FARM_PID"; wait "$FARM_PID" 2>/dev/null || true; FARM_PID=""
}
for sessions in false true; do
  start_farm "$sessions"
  dotnet "$DLL" signin "$MVC_URL" "$RESULTS/cookie.txt" >&2
  COOKIE="$(cat "$RESULTS/cookie.txt")"
  if [ "$sessions" = true ]; then label="server-side session (cookie holds a session id; ticket read from Redis and unprotected)"; else label="tokens in the cookie (the default)"; fi
  record "MVC /claims, signed in, $label, Cookie header ${#COOKIE} bytes" "$(run_wrk -H "Cookie: $COOKIE" "$MVC_URL/claims")"
  stop_farm
done

BASE="${RPS[0]}"
LUA_BASE="${RPS[1]}"
{
  echo
  echo "wrk: $THREADS threads, $CONNECTIONS connections, loopback; per scenario a $WARMUP warm-up, then the median of $REPEAT runs of $DURATION; $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo
  echo "| Scenario | Requests/s | p99 | Non-2xx | vs baseline | vs baseline with the same wrk request generation |"
  echo "|---|---:|---:|---:|---:|---:|"
  for i in "${!NAMES[@]}"; do
    ratio="$(awk -v a="${RPS[$i]}" -v b="$BASE" 'BEGIN { printf "%.2f", a / b }')"
    if [ "${LUA[$i]}" = yes ]; then same="$LUA_BASE"; else same="$BASE"; fi
    same_ratio="$(awk -v a="${RPS[$i]}" -v b="$same" 'BEGIN { printf "%.2f", a / b }')"
    echo "| ${NAMES[$i]} | ${RPS[$i]} | ${P99[$i]} | ${ERRORS[$i]} | $ratio | $same_ratio |"
  done
} | tee "$RESULTS/table.md"
