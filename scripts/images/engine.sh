#!/usr/bin/env bash
# Runs the container engine with the given arguments: podman when installed, else docker when its
# engine answers; with neither, installs podman and runc with apt-get (CI's machine has no Docker
# engine and runs as root). podman gets the project's containers.conf (runc, lowered ulimits).
#
#   bash scripts/images/engine.sh build -t name -f packages/<op>/Dockerfile .
#   bash scripts/images/engine.sh --name      prints podman or docker
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[engine] %s\n' "$*" >&2; }

if command -v podman >/dev/null; then
  engine=podman
elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  engine=docker
elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  log "no podman and no Docker engine: installing podman and runc with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >&2
  engine=podman
else
  log "needs podman (apt-get install podman runc) or a running Docker engine"
  exit 1
fi

if [ "${1:-}" = --name ]; then echo "$engine"; exit 0; fi
if [ "$engine" = podman ]; then export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"; fi
exec "$engine" "$@"
