#!/usr/bin/env bash
# `make run`: provider simulator, worker and API together.
# - Each app runs as node itself (npm `exec`s it), so a signal sent to it reaches node.
# - If any of them dies, the others are stopped and this exits non-zero, saying which one and how.
# - The URLs are printed once the API answers /health/ready.
# - Ctrl-C or SIGTERM stops all three (SIGTERM: each drains or rolls back), then exits 0.
set -uo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-3000}"
export PROVIDER_SIM_PORT="${PROVIDER_SIM_PORT:-3001}"
export PROVIDER_URL="${PROVIDER_URL:-http://127.0.0.1:${PROVIDER_SIM_PORT}}"
# Longer than any app's own stop (SHUTDOWN_TIMEOUT_MS, 10 s by default).
STOP_WAIT_SECONDS="${STOP_WAIT_SECONDS:-20}"

declare -A names=()
pids=()
stopping=false

start() { # name, npm script
  local name=$1 script=$2
  # Process substitution keeps $! the app's own pid (npm, which execs node), not a pipeline's.
  npm run --silent "$script" > >(sed -u "s/^/[$name] /") 2>&1 &
  names[$!]=$name
  pids+=($!)
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_all() { # exit code
  $stopping && return
  stopping=true
  trap '' INT TERM
  echo "stopping…"
  for pid in "${pids[@]}"; do alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
  local deadline=$((SECONDS + STOP_WAIT_SECONDS))
  for pid in "${pids[@]}"; do
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if alive "$pid"; then
      echo "${names[$pid]} did not stop within ${STOP_WAIT_SECONDS} s; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  wait 2>/dev/null
  echo "stopped"
  exit "$1"
}

died() { # pid, exit status
  echo
  # Ctrl-C reaches every process of the terminal's group at once, so an app may finish its clean
  # stop (0, or 128 + SIGINT/SIGTERM) before this script runs its own trap: that is a stop, not a death.
  case $2 in
    0 | 130 | 143)
      echo "${names[$1]} stopped (status $2); stopping the others."
      stop_all 0 ;;
    *)
      echo "${names[$1]} exited (status $2); stopping the others. Its last lines above say why."
      stop_all 1 ;;
  esac
}

trap 'stop_all 0' INT TERM

start provider-sim start:provider-sim
start worker start:worker
start api start:api

# Waits for the API to be ready, watching that nobody died meanwhile.
ready_url="http://127.0.0.1:${PORT}/health/ready"
waited=0
until curl -fsS --max-time 2 -o /dev/null "$ready_url" 2>/dev/null; do
  for pid in "${pids[@]}"; do
    if ! alive "$pid"; then
      wait "$pid"
      died "$pid" $?
    fi
  done
  sleep 0.5
  waited=$((waited + 1))
  if ((waited % 20 == 0)); then
    echo "waiting for the API to be ready: $(curl -sS --max-time 2 "$ready_url" 2>&1 | head -c 300)"
  fi
done

setting() { # the value the apps will see: the environment, else .env, else empty
  local name=$1
  if [[ -v $name ]]; then printf '%s' "${!name}"; return; fi
  [[ -f .env ]] && sed -n "s/^${name}=//p" .env | tail -1
}
database=$(setting DATABASE_URL | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#')
cache=$(setting REDIS_URL)
data_dir=$(setting DATA_DIR)
providers=$(setting PROVIDERS)
provider_name=$(setting PROVIDER_NAME)

cat <<MSG

  Search API    http://127.0.0.1:${PORT}/search?starts_at=2021-01-01T00:00:00Z&ends_at=2022-12-31T23:59:59Z
  Paginated     http://127.0.0.1:${PORT}/events?page=1&pageSize=20&sortBy=starts_at&sortDir=asc
  API docs      http://127.0.0.1:${PORT}/docs   (OpenAPI: /openapi.json)
  Health        http://127.0.0.1:${PORT}/health/ready   Metrics: http://127.0.0.1:${PORT}/metrics
  Provider sim  http://127.0.0.1:${PROVIDER_SIM_PORT}/api/events
  Providers     ${providers:-${provider_name:-default}=${PROVIDER_URL}}
  Database      ${database:-embedded PostgreSQL (PGlite) under ${data_dir:-.data}/}
  Cache         ${cache:-in-process LRU}

  Ctrl-C stops everything.
MSG

# From here on, the first app to exit ends the run.
while true; do
  wait -n -p exited "${pids[@]}"
  status=$?
  # Interrupted by a trapped signal: stop_all has run, or is running, and exits.
  [[ -z "${exited:-}" ]] && continue
  died "$exited" "$status"
done
