#!/usr/bin/env bash
# Every test: lint, typecheck, unit tests and builds of every project, then the e2e suite against
# one local cluster (brought up for the run and torn down after, unless KUBECONFIG is set).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$(bash scripts/ensure-node.sh):$PATH"
export NX_TUI=false
# The workspace's packages, from the lock file, when missing or stale (a fresh clone has none).
bash scripts/install-deps.sh

started=$SECONDS
# The cluster binaries first, with progress: a cold build is the longest step on a new machine.
bash e2e/cluster/build-binaries.sh >/dev/null
echo "[test] cluster binaries ready after $((SECONDS - started)) s"

npx nx run-many -t lint typecheck test build --output-style=stream
echo "[test] lint, typecheck, unit tests and builds passed after $((SECONDS - started)) s"

npx nx run e2e:e2e --output-style=stream
echo "[test] e2e passed after $((SECONDS - started)) s"
