#!/usr/bin/env bash
# Writes an operator's OLM bundle to dist/bundles/<op>/ (scripts/release/olm-bundle.mjs) and
# validates it with the Operator Framework's own validators (bundle-validate, built from
# github.com/operator-framework/api by e2e/cluster/build-binaries.sh): the nx target `bundle`.
#
#   bash scripts/release/bundle.sh packages/<op>
#
# Errors fail; warnings are printed. Without bundle-validate (its build failed) the bundle is
# written and this fails, naming it, unless BUNDLE_VALIDATE=skip.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
op="$(basename "${1:?usage: bundle.sh packages/<op>}")"
bin="$(bash e2e/cluster/build-binaries.sh)"
HELM="$(command -v helm || echo "$bin/helm")" node "$here/olm-bundle.mjs" "$op"
if [ "${BUNDLE_VALIDATE:-}" = skip ]; then exit 0; fi
[ -x "$bin/bundle-validate" ] || { echo "[bundle $op] no bundle-validate in $bin (its build failed: see e2e/cluster/build-binaries.sh)" >&2; exit 1; }
kube_version="$(sed -n 's/^KUBERNETES_VERSION=v\([0-9]*\.[0-9]*\).*/\1/p' e2e/cluster/versions.env)"
"$bin/bundle-validate" -k8s-version "$kube_version" "dist/bundles/$op"
