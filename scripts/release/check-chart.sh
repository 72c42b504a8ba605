#!/usr/bin/env bash
# Checks an operator's chart without a cluster (the nx target `check-chart`, run in CI):
#   - values.yaml and every example values file (charts/<op>/ci/*-values.yaml) pass
#     `helm lint --strict`, which validates them against values.schema.json and renders every
#     template with them;
#   - the Artifact Hub annotations in Chart.yaml are the ones the sources give
#     (scripts/release/artifacthub-annotations.mjs --check; `npx nx run <op>:chart-annotations`).
# The chart's CRDs equal the generated ones: the operator's unit tests check that (src/generate).
#
#   bash scripts/release/check-chart.sh packages/<op>
set -euo pipefail
# shellcheck source=chart-target.sh
source "$(dirname "${BASH_SOURCE[0]}")/chart-target.sh"
# helm's built-in Kubernetes version is v1.20.0 when built without Helm's Makefile; the charts need >= 1.28.
kube_version="$(sed -n 's/^KUBERNETES_VERSION=v//p' e2e/cluster/versions.env)"

failed=0
for values in "$chart/values.yaml" "$chart"/ci/*-values.yaml; do
  [ -f "$values" ] || continue
  if out="$("$helm" lint --strict --kube-version "$kube_version" "$chart" --values "$values" 2>&1)"; then
    echo "[check-chart $op] $values: valid" >&2
  else
    echo "[check-chart $op] $values:" >&2
    echo "$out" >&2
    failed=1
  fi
done
node "$here/artifacthub-annotations.mjs" "$op" --check || failed=1
exit "$failed"
