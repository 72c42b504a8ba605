#!/usr/bin/env bash
# Builds the real Kubernetes control-plane binaries (and etcd, kwok, kwokctl, helm, promtool) from Go
# modules into a cache outside the repository, then prints the directory that holds them.
#
# Why from source: kind needs a Docker engine and container images, which the development and
# CI machines do not have; the Go module proxy is the one place Kubernetes can come from.
# A cold build takes 20-40 minutes on 2 cores; a warm run only checks that the files exist.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

cache_root="${OPERATORS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ts-k8s-operators}"
log() { printf '[build-binaries %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

command -v go >/dev/null || { log "Go is required to build the local cluster's binaries"; exit 1; }
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" GOTOOLCHAIN=local

k8s_dir="$cache_root/kubernetes-$KUBERNETES_VERSION"
etcd_dir="$cache_root/etcd-$ETCD_VERSION"
kwok_dir="$cache_root/kwok-$KWOK_VERSION"
helm_dir="$cache_root/helm-$HELM_VERSION"
prometheus_dir="$cache_root/prometheus-$PROMETHEUS_VERSION"
# Keyed by its source too: a change to main.go builds it again.
bundle_validate_dir="$cache_root/bundle-validate-$OPERATOR_FRAMEWORK_API_VERSION-$(sha256sum "$here/bundle-validate/main.go" | cut -c1-12)"
bin_dir="$cache_root/bin-k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION-promop-$PROMETHEUS_OPERATOR_VERSION-prom-$PROMETHEUS_VERSION-keda-$KEDA_VERSION-vpa-$VPA_VERSION-certmanager-$CERT_MANAGER_VERSION"

all_present() { for f in "$@"; do [ -x "$f" ] || return 1; done; }

build_kubernetes() {
  local out="$k8s_dir/bin" src="$k8s_dir/src"
  all_present "$out/kube-apiserver" "$out/kube-controller-manager" "$out/kube-scheduler" "$out/kubectl" && return 0
  log "building Kubernetes $KUBERNETES_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl); cold: 15-30 min"
  mkdir -p "$src" "$out"
  local modfile minor
  modfile="$(cd "$src" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with local paths,
  # which a dependent module cannot see; each staging module is published as v0.<minor>.<patch>.
  {
    echo "module local/kubernetes-build"
    echo
    grep -E '^go [0-9.]+$' "$modfile"
    grep -E '^godebug ' "$modfile" || true
    echo
    echo "replace ("
    grep -E '^\s+k8s\.io/[A-Za-z0-9._-]+ v0\.0\.0$' "$modfile" | awk -v v="v0.${KUBERNETES_VERSION#v1.}" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } > "$src/go.mod"
  (cd "$src" && go get -tool \
    "k8s.io/kubernetes/cmd/kube-apiserver@$KUBERNETES_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@$KUBERNETES_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@$KUBERNETES_VERSION" \
    "k8s.io/kubernetes/cmd/kubectl@$KUBERNETES_VERSION")
  local ldflags="-s -w" pkg
  # Without these the binaries report v0.0.0 from /version and clients misjudge the server.
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$src" && go build -tags selinux,notest -ldflags "$ldflags" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
}

build_etcd() {
  all_present "$etcd_dir/bin/etcd" && return 0
  log "building etcd $ETCD_VERSION"
  local src="$etcd_dir/src"
  mkdir -p "$src" "$etcd_dir/bin"
  # `go install` refuses etcd's replace directives; a wrapper module that requires it builds.
  printf 'module local/etcd-build\n\ngo 1.25\n' > "$src/go.mod"
  (cd "$src" && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" &&
    go build -ldflags "-s -w" -o "$etcd_dir/bin/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  all_present "$kwok_dir/bin/kwok" "$kwok_dir/bin/kwokctl" && return 0
  log "building kwok and kwokctl $KWOK_VERSION"
  mkdir -p "$kwok_dir/bin"
  local ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
  GOBIN="$kwok_dir/bin" go install -ldflags "$ldflags" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
}

build_helm() {
  all_present "$helm_dir/bin/helm" && return 0
  log "building helm $HELM_VERSION"
  mkdir -p "$helm_dir/bin"
  local major="${HELM_VERSION%%.*}"
  GOBIN="$helm_dir/bin" go install \
    -ldflags "-s -w -X helm.sh/helm/$major/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/$major/cmd/helm@$HELM_VERSION"
}

# promtool only (not the Prometheus server). A step of its own: the cluster does not need it, so a
# failed build is logged and leaves it out of the bin dir (the rule tests then fail, naming it)
# instead of failing the cluster's binaries.
build_promtool() {
  all_present "$prometheus_dir/bin/promtool" && return 0
  log "building promtool (Prometheus module $PROMETHEUS_VERSION)"
  mkdir -p "$prometheus_dir/bin"
  # v0.3xx.y is Prometheus 3.xx.y; promtool --version reports it.
  local minor="${PROMETHEUS_VERSION#v0.3}" release
  release="3.$((10#${minor%%.*})).${PROMETHEUS_VERSION##*.}"
  GOBIN="$prometheus_dir/bin" go install \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=$release" \
    "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION"
}

# The Prometheus server, from the same module as promtool: the Cyclone e2e test runs it to scrape a
# test exporter and checks the figures the operator reads from it. Optional like promtool: a failed
# build leaves it out of the bin dir, and that test says so.
build_prometheus_server() {
  all_present "$prometheus_dir/bin/prometheus" && return 0
  log "building the Prometheus server (module $PROMETHEUS_VERSION)"
  mkdir -p "$prometheus_dir/bin"
  local minor="${PROMETHEUS_VERSION#v0.3}" release
  release="3.$((10#${minor%%.*})).${PROMETHEUS_VERSION##*.}"
  GOBIN="$prometheus_dir/bin" go install \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=$release" \
    "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS_VERSION"
}

# bundle-validate (e2e/cluster/bundle-validate/main.go) on the Operator Framework's validation
# library, for the operators' OLM bundles. Optional like promtool: a failed build leaves it out and
# the bundle check says so.
build_bundle_validate() {
  all_present "$bundle_validate_dir/bin/bundle-validate" && return 0
  log "building bundle-validate (github.com/operator-framework/api $OPERATOR_FRAMEWORK_API_VERSION)"
  local src="$bundle_validate_dir/src"
  mkdir -p "$src" "$bundle_validate_dir/bin"
  cp "$here/bundle-validate/main.go" "$src/"
  printf 'module local/bundle-validate\n\ngo 1.26\n' > "$src/go.mod"
  (cd "$src" && go get "github.com/operator-framework/api@$OPERATOR_FRAMEWORK_API_VERSION" sigs.k8s.io/yaml &&
    go mod tidy && go build -ldflags "-s -w" -o "$bundle_validate_dir/bin/bundle-validate" .)
}

fetch_upstream_crds() {
  local out="$bin_dir/crds"
  [ -f "$out/monitoring.coreos.com_servicemonitors.yaml" ] && [ -f "$out/monitoring.coreos.com_prometheusrules.yaml" ] && return 0
  log "fetching prometheus-operator $PROMETHEUS_OPERATOR_VERSION CRDs (ServiceMonitor, PrometheusRule) from its Go module"
  mkdir -p "$out"
  local dir
  dir="$(cd "$cache_root" && go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  for crd in servicemonitors prometheusrules; do
    cp "$dir/example/prometheus-operator-crd/monitoring.coreos.com_$crd.yaml" "$out/"
    chmod 644 "$out/monitoring.coreos.com_$crd.yaml"
  done
}

# KEDA's CRDs, so the API server's own schema checks every ScaledObject and TriggerAuthentication
# an operator writes; one test file installs them to prove both paths (KEDA absent, then installed).
# Beside crds/, not in it: tests apply every file of crds/, and KEDA's absence must hold until that
# one file installs them.
fetch_keda_crds() {
  local out="$bin_dir/keda-crds" crds=(keda.sh_scaledobjects keda.sh_triggerauthentications keda.sh_clustertriggerauthentications)
  local crd missing=0
  for crd in "${crds[@]}"; do [ -f "$out/$crd.yaml" ] || missing=1; done
  [ "$missing" = 0 ] && return 0
  log "fetching KEDA $KEDA_VERSION CRDs (ScaledObject, TriggerAuthentication, ClusterTriggerAuthentication) from its Go module"
  mkdir -p "$out"
  local dir
  dir="$(cd "$cache_root" && go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  for crd in "${crds[@]}"; do
    cp "$dir/config/crd/bases/$crd.yaml" "$out/"
    chmod 644 "$out/$crd.yaml"
  done
}

# Kept apart from crds/ (which some tests apply whole): only the Tapio e2e installs them, to test
# both paths of its optional VerticalPodAutoscalers. `$E2E_UPSTREAM_CRDS/../vpa-crds`.
fetch_vpa_crds() {
  local out="$bin_dir/vpa-crds"
  [ -f "$out/autoscaling.k8s.io_verticalpodautoscalers.yaml" ] && return 0
  log "fetching the VerticalPodAutoscaler $VPA_VERSION CRDs from its Go module"
  mkdir -p "$out"
  local dir
  dir="$(cd "$cache_root" && go mod download -json "k8s.io/autoscaler/vertical-pod-autoscaler@$VPA_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  cp "$dir/deploy/vpa-v1-crd-gen.yaml" "$out/autoscaling.k8s.io_verticalpodautoscalers.yaml"
  chmod 644 "$out/autoscaling.k8s.io_verticalpodautoscalers.yaml"
}

# cert-manager's own CRDs (not its controllers), beside crds/ for the same reason as KEDA's: the
# Tick-Storm e2e proves the path without them, then installs them. `$E2E_UPSTREAM_CRDS/../cert-manager-crds`.
fetch_cert_manager_crds() {
  local out="$bin_dir/cert-manager-crds" crds=(certificates certificaterequests issuers clusterissuers)
  local crd missing=0
  for crd in "${crds[@]}"; do [ -f "$out/cert-manager.io_$crd.yaml" ] || missing=1; done
  [ "$missing" = 0 ] && return 0
  log "fetching cert-manager $CERT_MANAGER_VERSION CRDs (Certificate, CertificateRequest, Issuer, ClusterIssuer) from its Go module"
  mkdir -p "$out"
  local dir
  dir="$(cd "$cache_root" && go mod download -json "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  for crd in "${crds[@]}"; do
    cp "$dir/deploy/crds/cert-manager.io_$crd.yaml" "$out/"
    chmod 644 "$out/cert-manager.io_$crd.yaml"
  done
}

build_kwok
build_helm
build_etcd
build_kubernetes
build_promtool || log "promtool build failed (see above); continuing without it"
build_prometheus_server || log "Prometheus server build failed (see above); continuing without it"
build_bundle_validate || log "bundle-validate build failed (see above); continuing without it"

mkdir -p "$bin_dir"
for f in "$k8s_dir"/bin/* "$etcd_dir/bin/etcd" "$kwok_dir"/bin/* "$helm_dir/bin/helm"; do
  ln -sfn "$f" "$bin_dir/$(basename "$f")"
done
if [ -x "$prometheus_dir/bin/promtool" ]; then ln -sfn "$prometheus_dir/bin/promtool" "$bin_dir/promtool"; fi
if [ -x "$prometheus_dir/bin/prometheus" ]; then ln -sfn "$prometheus_dir/bin/prometheus" "$bin_dir/prometheus"; fi
if [ -x "$bundle_validate_dir/bin/bundle-validate" ]; then ln -sfn "$bundle_validate_dir/bin/bundle-validate" "$bin_dir/bundle-validate"; fi
fetch_upstream_crds
fetch_keda_crds
fetch_vpa_crds
fetch_cert_manager_crds
log "binaries ready in $bin_dir"
echo "$bin_dir"
