#!/usr/bin/env bash
# Every test: lint, typecheck, unit tests and builds of every project, the release dry-run, every
# operator's image and chart package, then the e2e suite against one local cluster (brought up for
# the run and torn down after, unless KUBECONFIG is set).
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

# Each chart with its example values files (values.schema.json, helm lint --strict) and its Artifact
# Hub annotations generated from the sources (stale ones fail: npx nx run <op>:chart-annotations).
npx nx run-many -t check-chart --output-style=stream
echo "[test] charts checked after $((SECONDS - started)) s"

# Each operator's OLM bundle (dist/bundles/<op>), validated by the Operator Framework's own
# validators (bundle-validate, built by e2e/cluster/build-binaries.sh from its Go module).
npx nx run-many -t bundle --output-style=stream
echo "[test] OLM bundles written and validated after $((SECONDS - started)) s"

# The release configuration: what `nx release` would version, changelog and tag, per operator
# (it needs no remote, registry or push; an error in the configuration fails here).
npx nx release --dry-run
echo "[test] nx release --dry-run passed after $((SECONDS - started)) s"

# Each operator's image (podman, installed when missing, or docker) as dist/images/<op>.tar, and
# each chart as dist/charts/<op>-<version>.tgz; the e2e suite runs the images against the cluster.
npx nx run-many -t image package-chart --output-style=stream
echo "[test] images and charts built after $((SECONDS - started)) s"

# Every e2e suite in ONE jest run against ONE cluster (e2e:e2e-all): the suites share the cluster's
# start-up and the workers, which is faster than one cluster per operator's target (<op>-e2e:e2e,
# what `nx affected -t e2e` runs for a team's change).
npx nx run e2e:e2e-all --output-style=stream
echo "[test] e2e passed after $((SECONDS - started)) s"
