#!/usr/bin/env bash
# Vendors the repository's library charts into the operator charts that depend on them:
#
#   scripts/chart-dependencies.sh           refresh charts/<chart>/charts/<library>-<version>.tgz and Chart.lock
#   scripts/chart-dependencies.sh --check   exit 1, naming the chart, when a vendored copy differs from its source
#
# An operator chart declares `repository: file://../<library>` (charts/operator-common). The packaged
# library and Chart.lock are committed, so a fresh clone installs, templates and packages
# charts/<chart> with plain helm, and `helm package` gives a self-contained chart. Run this after
# changing a library chart; an e2e test runs --check. Helm's archives carry the time they were made,
# so a copy is rewritten only when its files differ, not on every run.
set -euo pipefail

check=false
[ "${1:-}" = --check ] && check=true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The pinned helm of the local cluster, unless one is on PATH already.
if ! command -v helm >/dev/null; then
  PATH="$("$root/e2e/cluster/build-binaries.sh" 2>/dev/null):$PATH"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints the files of a chart archive, each as "<path> <sha256>", in a stable order.
archive_files() {
  local dir="$work/extract-$RANDOM"
  mkdir -p "$dir"
  tar -xzmf "$1" -C "$dir"
  (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}

stale=0
for chart_yaml in "$root"/charts/*/Chart.yaml; do
  chart="$(dirname "$chart_yaml")"
  libraries="$(sed -n 's|^ *repository: *"\{0,1\}file://\.\./\([A-Za-z0-9_-]*\)"\{0,1\} *$|\1|p' "$chart_yaml")"
  [ -n "$libraries" ] || continue
  outdated=false
  for library in $libraries; do
    fresh="$(helm package "$root/charts/$library" -d "$work/$library" | sed -n 's/^Successfully packaged chart and saved it to: //p')"
    vendored="$chart/charts/$(basename "$fresh")"
    if [ ! -f "$vendored" ] || [ "$(archive_files "$fresh")" != "$(archive_files "$vendored")" ]; then
      outdated=true
      echo "charts/$(basename "$chart"): charts/$(basename "$vendored") differs from charts/$library" >&2
    fi
  done
  $outdated || continue
  stale=$((stale + 1))
  $check || helm dependency update "$chart" >/dev/null
done

if $check && [ "$stale" -gt 0 ]; then
  echo "run scripts/chart-dependencies.sh to vendor the library charts again" >&2
  exit 1
fi
