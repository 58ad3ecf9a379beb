#!/usr/bin/env bash
# `make run`: provider simulator, worker and API together, one Ctrl-C stops all three cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-3000}"
export PROVIDER_SIM_PORT="${PROVIDER_SIM_PORT:-3001}"
# PROVIDERS, when set, names the feeds; otherwise the one provider is the simulator.
export PROVIDER_URL="${PROVIDER_URL:-http://127.0.0.1:${PROVIDER_SIM_PORT}/api/events}"

pids=()
start() { # name, command...
  local name=$1; shift
  ("$@" 2>&1 | sed -u "s/^/[$name] /") &
  pids+=($!)
}
stop() {
  trap - INT TERM EXIT
  echo "stopping…"
  # SIGTERM lets the worker finish or roll back its run and the embedded database close cleanly.
  pkill -TERM -P "$(IFS=,; echo "${pids[*]}")" 2>/dev/null || true
  wait || true
  echo "stopped"
}
trap stop INT TERM EXIT

start provider-sim npm run --silent start:provider-sim
start worker npm run --silent start:worker
start api npm run --silent start:api

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:${PORT}/search" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
cat <<MSG

  Search API    http://127.0.0.1:${PORT}/search?starts_at=2021-01-01T00:00:00Z&ends_at=2022-12-31T23:59:59Z
  Paginated     http://127.0.0.1:${PORT}/events?page=1&pageSize=20&sortBy=starts_at&sortDir=asc
  API docs      http://127.0.0.1:${PORT}/docs   (OpenAPI: /openapi.json)
  Provider sim  http://127.0.0.1:${PROVIDER_SIM_PORT}/api/events
  Providers     ${PROVIDERS:-${PROVIDER_NAME:-default}=${PROVIDER_URL}}
  Database      ${DATABASE_URL:-embedded PostgreSQL (PGlite) under .data/}
  Cache         ${REDIS_URL:-in-process LRU}

  Ctrl-C stops everything.
MSG
wait
