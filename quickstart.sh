#!/usr/bin/env bash
# Servicemap quick start: installs what it needs, builds, and runs the server (embedded DuckDB
# storage) and an agent for this machine in the foreground. Ctrl-C stops both.
#
#   ./quickstart.sh            # as root for full visibility (kernel events, every process)
#
# Settings: SERVICEMAP_PORT (8080), SERVICEMAP_HOST (127.0.0.1; 0.0.0.0 to reach it from
# elsewhere), SERVICEMAP_HOME (./.servicemap: database, credentials, agent state).
set -euo pipefail
cd "$(dirname "$0")"
PORT="${SERVICEMAP_PORT:-8080}"
HOST="${SERVICEMAP_HOST:-127.0.0.1}"
HOME_DIR="$(realpath -m "${SERVICEMAP_HOME:-.servicemap}")"
say() { printf 'quickstart: %s\n' "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "Node.js 20 or newer is needed (this machine kind ships it; elsewhere install it from nodejs.org or NodeSource)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "Node.js 20 or newer is needed, found $(node --version)"
if ! command -v ss >/dev/null && [ "$(id -u)" = 0 ]; then
  say "installing iproute2 (the agent reads per-connection bytes with ss)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null
fi
[ "$(id -u)" = 0 ] || say "not root: the agent runs in snapshot mode and sees only your processes' sockets"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "building"
npm run --silent build >/dev/null
CLI="node $PWD/apps/cli/dist/servicemap.mjs"

mkdir -p "$HOME_DIR/data" "$HOME_DIR/log"
server_pid="" agent_pid=""
stop() {
  trap - INT TERM EXIT
  say "stopping"
  [ -n "$agent_pid" ] && kill -TERM "$agent_pid" 2>/dev/null || true
  [ -n "$agent_pid" ] && wait "$agent_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null || true
  exit 0
}
trap stop INT TERM EXIT

$CLI server --data-dir "$HOME_DIR/data" --host "$HOST" --port "$PORT" >>"$HOME_DIR/log/server.log" 2>&1 &
server_pid=$!
URL="http://$([ "$HOST" = 0.0.0.0 ] && echo 127.0.0.1 || echo "$HOST"):$PORT"
ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$URL/readyz"; }
for _ in $(seq 1 100); do
  ready && break
  kill -0 "$server_pid" 2>/dev/null || die "the server stopped; see $HOME_DIR/log/server.log"
  sleep 0.2
done
ready || die "the server did not get ready; see $HOME_DIR/log/server.log"

creds="$HOME_DIR/data/bootstrap.json"
[ -f "$creds" ] || die "no $creds: the data dir was set up elsewhere; create a token with: $CLI token create --role admin --data-dir $HOME_DIR/data"
field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$creds" "$1"; }
WORKSPACE="$(field workspaceId)" KEY="$(field agentKey)" TOKEN="$(field adminToken)"

$CLI agent run --server "$URL" --workspace "$WORKSPACE" --key "$KEY" --state-dir "$HOME_DIR/agent" >>"$HOME_DIR/log/agent.log" 2>&1 &
agent_pid=$!

API="$URL/subscriptions/local/resourceGroups/local/providers/Microsoft.OperationalInsights/workspaces/$WORKSPACE/features/serviceMap"
cat <<MSG

Servicemap is running.
  server     $URL   (logs: $HOME_DIR/log/server.log)
  web UI     $URL/   (sign in with the token below)
  workspace  $WORKSPACE
  token      $TOKEN   (admin; kept in $creds)
  agent      this machine, state in $HOME_DIR/agent   (logs: $HOME_DIR/log/agent.log)

The agent reports once a minute; within a minute this lists this machine:
  curl -s -H "Authorization: Bearer $TOKEN" "$API/machines?api-version=2015-11-01-preview"
Agent status:
  $CLI agent status --state-dir $HOME_DIR/agent

Ctrl-C stops the server and the agent.
MSG
while kill -0 "$server_pid" 2>/dev/null && kill -0 "$agent_pid" 2>/dev/null; do sleep 1; done
say "the server or the agent exited; see the logs in $HOME_DIR/log"
