#!/usr/bin/env bash
# Installs the Servicemap agent from this checkout: the bundled `servicemap` command, a config
# file, and a systemd unit. Run as root on the machine to monitor.
#
#   deploy/install-agent.sh --server URL --workspace ID --key KEY [--ca-file PEM] [--unprivileged] [--no-start]
#
# Paths can be moved for packaging or tests with PREFIX (default /opt/servicemap), BINDIR
# (/usr/local/bin), SYSCONFDIR (/etc/servicemap) and UNITDIR (/etc/systemd/system).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX="${PREFIX:-/opt/servicemap}"
BINDIR="${BINDIR:-/usr/local/bin}"
SYSCONFDIR="${SYSCONFDIR:-/etc/servicemap}"
UNITDIR="${UNITDIR:-/etc/systemd/system}"
server="" workspace="" key="" ca_file="" unprivileged=0 start=1
die() { echo "install-agent: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --server) server="${2:?}"; shift 2 ;;
    --workspace) workspace="${2:?}"; shift 2 ;;
    --key) key="${2:?}"; shift 2 ;;
    --ca-file) ca_file="${2:?}"; shift 2 ;;
    --unprivileged) unprivileged=1; shift ;;
    --no-start) start=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "run as root (it writes $PREFIX, $BINDIR, $SYSCONFDIR and a systemd unit)"
command -v node >/dev/null || die "Node.js 20 or newer is needed (apt-get install nodejs)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "Node.js 20 or newer is needed, found $(node --version)"

if [ ! -f "$here/apps/cli/dist/servicemap.mjs" ]; then
  (cd "$here" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
fi
install -d -m 0755 "$PREFIX" "$BINDIR"
cp -R "$here/apps/cli/dist/." "$PREFIX/"
[ -f "$here/README.md" ] && install -m 0644 "$here/README.md" "$PREFIX/README.md"
cat > "$BINDIR/servicemap" <<WRAP
#!/bin/sh
exec node "$PREFIX/servicemap.mjs" "\$@"
WRAP
chmod 0755 "$BINDIR/servicemap"

install -d -m 0755 "$SYSCONFDIR"
config="$SYSCONFDIR/agent.json"
if [ -f "$config" ] && [ -z "$server$workspace$key" ]; then
  echo "install-agent: keeping $config"
else
  [ -n "$server" ] && [ -n "$workspace" ] && [ -n "$key" ] || die "--server, --workspace and --key are needed to write $config"
  umask 077
  node -e 'const [s,w,k,c]=process.argv.slice(1); const o={server:s,workspace:w,key:k}; if(c) o.caFile=c; console.log(JSON.stringify(o,null,2))' \
    "$server" "$workspace" "$key" "$ca_file" > "$config"
  chmod 0600 "$config"
  echo "install-agent: wrote $config"
fi

install -d -m 0755 "$UNITDIR"
install -m 0644 "$here/deploy/servicemap-agent.service" "$UNITDIR/servicemap-agent.service"
if [ "$unprivileged" = 1 ]; then
  id servicemap-agent >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin servicemap-agent
  chgrp servicemap-agent "$config" && chmod 0640 "$config"
  install -d -m 0755 "$UNITDIR/servicemap-agent.service.d"
  printf '[Service]\nUser=servicemap-agent\n' > "$UNITDIR/servicemap-agent.service.d/unprivileged.conf"
  echo "install-agent: the agent runs as servicemap-agent: no kernel events, and other users' sockets stay unattributed"
fi
if [ "$start" = 1 ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --now servicemap-agent.service
  echo "install-agent: started; see: servicemap agent status"
else
  echo "install-agent: installed; start it with: systemctl enable --now servicemap-agent (or run: servicemap agent run --config $config)"
fi
