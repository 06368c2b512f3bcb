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
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-deps: missing ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "test-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The live tests run as root: network namespaces, nftables and tracefs all need it.
if [ "$(id -u)" != 0 ]; then
  echo "test-deps: the live tests need root (network namespaces, nftables, tracefs)" >&2
  exit 1
fi
echo "test-deps: ok ($(ip -V 2>&1 | head -1); $(nft --version))"
