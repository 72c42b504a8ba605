#!/usr/bin/env bash
# Runs the operators against a cluster: the one KUBECONFIG points at, or else a local kwok
# cluster that this script brings up. Each operator runs as a local process (logs in
# .dev/<operator>.log) with its CRDs installed and its examples applied. Ctrl-C stops them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$(bash scripts/ensure-node.sh):$PATH"
bash scripts/install-deps.sh

if [ -n "${KUBECONFIG:-}" ]; then export CLUSTER_PROVIDER="${CLUSTER_PROVIDER:-existing}"; fi
export CLUSTER_NAME="${CLUSTER_NAME:-operators}"
KUBECONFIG="$(e2e/cluster/cluster.sh up)"
eval "$(e2e/cluster/cluster.sh env)"
export KUBECONFIG
echo "cluster ready: export KUBECONFIG=$KUBECONFIG PATH=$(dirname "$(command -v kubectl)"):\$PATH"

mkdir -p .dev
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait' EXIT INT TERM
for main in packages/*/src/main.ts; do
  [ -f "$main" ] || continue
  pkg="$(basename "$(dirname "$(dirname "$main")")")"
  if [ -d "charts/$pkg/crds" ]; then kubectl apply --server-side -f "charts/$pkg/crds" >/dev/null; fi
  node --conditions=development "$main" --leader-elect=false --metrics-bind-address=0 --health-probe-bind-address=0 \
    >".dev/$pkg.log" 2>&1 &
  pids+=("$!")
  echo "started $pkg (pid $!, logs .dev/$pkg.log)"
  if [ -d "packages/$pkg/examples" ] && [ "${DEV_APPLY_EXAMPLES:-true}" = true ]; then
    kubectl create namespace "$pkg-examples" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
    kubectl apply -n "$pkg-examples" -f "packages/$pkg/examples" >/dev/null && echo "applied packages/$pkg/examples to namespace $pkg-examples"
  fi
done
if [ ${#pids[@]} -eq 0 ]; then
  echo "no operator packages yet; the cluster stays up (stop it with: e2e/cluster/cluster.sh down)"
  exit 0
fi
echo "operators running; Ctrl-C to stop them (the cluster stays up: e2e/cluster/cluster.sh down)"
wait
