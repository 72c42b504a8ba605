# Sourced by the chart targets' scripts (package-chart.sh, check-chart.sh) with the project root
# (packages/<op>) as $1: goes to the repository root and sets `here` (this directory), `op`,
# `chart` (charts/<op>) and `helm` (the pinned helm of the local cluster's binaries when none is on
# PATH).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
op="$(basename "${1:?usage: $(basename "$0") packages/<op>}")"
chart="charts/$op"
[ -f "$chart/Chart.yaml" ] || { echo "[chart $op] no $chart/Chart.yaml" >&2; exit 1; }
helm="$(command -v helm || echo "$(bash e2e/cluster/build-binaries.sh)/helm")"
