#!/usr/bin/env bash
# Packages an operator's chart into dist/charts/<op>-<version>.tgz (the nx target `package-chart`):
# lints it strictly, adds the Artifact Hub annotations generated from the operator's sources
# (scripts/release/artifacthub-annotations.mjs) to the packaged copy, and packages it.
#
#   bash scripts/release/package-chart.sh packages/<op>
set -euo pipefail
# shellcheck source=chart-target.sh
source "$(dirname "${BASH_SOURCE[0]}")/chart-target.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -a "$chart" "$work/$op"
node "$here/artifacthub-annotations.mjs" "$op" "$work/$op/Chart.yaml"
"$helm" lint --strict "$work/$op" >/dev/null || "$helm" lint --strict "$work/$op" >&2
mkdir -p dist/charts
"$helm" package "$work/$op" --destination dist/charts >&2
