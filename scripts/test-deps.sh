#!/usr/bin/env bash
# Installs the Debian packages the live tests need. Under CI=true a package that cannot be
# installed is a failure, never a skip; elsewhere we say what is missing and stop as well,
# because a live test without its tools proves nothing.
set -euo pipefail
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ss >/dev/null || need+=(iproute2)
command -v nft >/dev/null || need+=(nftables)
command -v nsenter >/dev/null || need+=(util-linux)
# The end-to-end lab runs real servers from Debian's packages inside network namespaces.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v redis-server >/dev/null || need+=(redis-server)
# The browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
[ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-deps: missing ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "test-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Installing nginx or redis-server must not start them as services in the root namespace: the
  # lab starts its own copies where it wants them, and a stray listener would show up in every
  # agent test. policy-rc.d answering 101 tells Debian's maintainer scripts not to start anything.
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; }
  status=0
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || status=$?
  [ "$had_policy" = 1 ] || rm -f "$policy"
  [ "$status" = 0 ] || { echo "test-deps: apt-get install ${need[*]} failed" >&2; exit 1; }
fi
# The live tests run as root: network namespaces, nftables and tracefs all need it.
if [ "$(id -u)" != 0 ]; then
  echo "test-deps: the live tests need root (network namespaces, nftables, tracefs)" >&2
  exit 1
fi
echo "test-deps: ok ($(ip -V 2>&1 | head -1); $(nft --version); $(/usr/sbin/nginx -v 2>&1); $(redis-server --version | cut -d' ' -f1-3); $(/usr/bin/chromium --version 2>/dev/null))"
