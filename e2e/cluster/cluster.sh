#!/usr/bin/env bash
# The local Kubernetes cluster the operators run and are tested against.
#
#   e2e/cluster/cluster.sh up          bring the cluster up (idempotent) and print its kubeconfig path
#   e2e/cluster/cluster.sh down        delete it
#   e2e/cluster/cluster.sh kubeconfig  print the kubeconfig path
#   e2e/cluster/cluster.sh env         print `export` lines (PATH with kubectl/helm, KUBECONFIG)
#   e2e/cluster/cluster.sh status      exit 0 when the cluster answers
#   e2e/cluster/cluster.sh audit-log   print kube-apiserver's audit log path (kwok, with CLUSTER_AUDIT_POLICY)
#
# CLUSTER_PROVIDER picks how:
#   kwok      (default) real kube-apiserver, etcd, controller-manager and scheduler built from source,
#             nodes and pod readiness simulated by kwok; no Docker needed.
#   kind      kind with real pods, for machines with a Docker engine.
#   existing  whatever KUBECONFIG points at.
# CLUSTER_NAME (default: operators) lets several clusters live side by side.
# CLUSTER_AUDIT_POLICY (kwok only, default none): an audit policy file for kube-apiserver; the log is
#   written where `cluster.sh audit-log` says. Applies when the cluster is created.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
provider="${CLUSTER_PROVIDER:-kwok}"
name="${CLUSTER_NAME:-operators}"
nodes="${CLUSTER_NODES:-3}"
pv_pool="${CLUSTER_PV_POOL:-600}"
cache_root="${OPERATORS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ts-k8s-operators}"
state_dir="$cache_root/clusters/$provider-$name"
log() { printf '[cluster %s] %s\n' "$name" "$*" >&2; }

bin_dir() {
  if [ -z "${CLUSTER_BIN_DIR:-}" ]; then
    CLUSTER_BIN_DIR="$("$here/build-binaries.sh")"
  fi
  echo "$CLUSTER_BIN_DIR"
}

kubeconfig_path() {
  case "$provider" in
    existing) echo "${KUBECONFIG:?provider existing needs KUBECONFIG}" ;;
    *) echo "$state_dir/kubeconfig" ;;
  esac
}

kubectl_() { KUBECONFIG="$(kubeconfig_path)" "$(bin_dir)/kubectl" "$@"; }

is_up() { [ -f "$(kubeconfig_path)" ] && kubectl_ get --raw /readyz >/dev/null 2>&1; }

wait_ready() {
  local deadline=$((SECONDS + 120))
  until kubectl_ get --raw /readyz >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { log "kube-apiserver not ready after 120s"; return 1; }
    sleep 1
  done
  # The service-account controller creates `default` in each namespace; clients expect it.
  until kubectl_ get serviceaccount default -n default >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { log "default ServiceAccount not created after 120s"; return 1; }
    sleep 1
  done
}

install_storage() {
  kubectl_ apply --server-side --field-manager=e2e-cluster -f "$here/storage.yaml" >/dev/null
  [ "$pv_pool" -gt 0 ] || return 0
  # Claims deleted by tests leave their volumes Released (Retain), so a reused cluster is topped up
  # with a fresh batch whenever fewer than half the pool is still Available.
  local available
  available="$(kubectl_ get pv -l e2e.operators.dev/pool=true -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | grep -c '^Available$' || true)"
  if [ "$available" -lt $((pv_pool / 2)) ]; then
    local batch; batch="$(date +%s)"
    log "creating $pv_pool PersistentVolumes for the static pool ($available available)"
    for i in $(seq -w 1 "$pv_pool"); do
      printf -- '---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pool-%s-%s\n  labels: {e2e.operators.dev/pool: "true"}\nspec:\n  capacity: {storage: 1Ti}\n  accessModes: [ReadWriteOnce, ReadWriteMany, ReadOnlyMany]\n  storageClassName: standard\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: /tmp/pool-%s-%s}\n' "$batch" "$i" "$batch" "$i"
    done | kubectl_ apply --server-side --field-manager=e2e-cluster -f - >/dev/null
  fi
}

up_kwok() {
  local bin; bin="$(bin_dir)"
  export KWOK_WORKDIR="$cache_root/kwok-workdir"
  if is_up; then log "already up"; install_storage; return 0; fi
  mkdir -p "$state_dir"
  # A stale cluster directory (machine rebooted, processes gone) is deleted before re-creating.
  PATH="$bin:$PATH" "$bin/kwokctl" delete cluster --name "$name" >/dev/null 2>&1 || true
  # --disable-qps-limits: the controllers' default client rate limits (20 qps) make pods and
  # rollouts lag far behind under a parallel e2e run; a test cluster should be limited by CPU only.
  log "starting kube-apiserver, etcd, kube-controller-manager, kube-scheduler and kwok"
  PATH="$bin:$PATH" "$bin/kwokctl" --config "$here/kwok.yaml" create cluster --name "$name" --runtime binary \
    --kubeconfig "" \
    --kube-apiserver-binary "$bin/kube-apiserver" \
    --kube-controller-manager-binary "$bin/kube-controller-manager" \
    --kube-scheduler-binary "$bin/kube-scheduler" \
    --kwok-controller-binary "$bin/kwok" \
    --etcd-binary "$bin/etcd" \
    --disable-qps-limits \
    ${CLUSTER_AUDIT_POLICY:+--kube-audit-policy "$CLUSTER_AUDIT_POLICY"} \
    --wait 3m ${CLUSTER_EXTRA_ARGS:-} >"$state_dir/create.log" 2>&1 ||
    { cat "$state_dir/create.log" >&2; return 1; }
  cp "$KWOK_WORKDIR/clusters/$name/kubeconfig.yaml" "$state_dir/kubeconfig"
  wait_ready
  # Every kubelet reports its disk as ephemeral-storage; kwok's default nodes do not, and a pod that
  # requests it (Tick-Storm's do) would never schedule.
  PATH="$bin:$PATH" "$bin/kwokctl" scale node --name "$name" --replicas "$nodes" \
    --param '.allocatable["ephemeral-storage"]="100Gi"' >/dev/null 2>&1
  install_storage
}

down_kwok() {
  local bin; bin="$(bin_dir)"
  export KWOK_WORKDIR="$cache_root/kwok-workdir"
  PATH="$bin:$PATH" "$bin/kwokctl" delete cluster --name "$name" >/dev/null 2>&1 || true
  rm -rf "$state_dir"
}

up_kind() {
  command -v kind >/dev/null || { log "provider kind needs the kind CLI and a Docker engine"; return 1; }
  mkdir -p "$state_dir"
  if ! kind get clusters 2>/dev/null | grep -qx "$name"; then
    kind create cluster --name "$name" --config "$here/kind-config.yaml" --kubeconfig "$state_dir/kubeconfig" --wait 5m
  else
    kind get kubeconfig --name "$name" > "$state_dir/kubeconfig"
  fi
  wait_ready
  # Operator images are built from each package's Dockerfile and loaded into the nodes, so
  # `helm install` with the chart's default image works on kind.
  if [ "${CLUSTER_LOAD_IMAGES:-true}" = true ]; then
    local root; root="$(cd "$here/../.." && pwd)"
    for dockerfile in "$root"/packages/*/Dockerfile; do
      [ -f "$dockerfile" ] || continue
      local pkg; pkg="$(basename "$(dirname "$dockerfile")")"
      # Tagged with the chart's appVersion too, so the chart's default image is the local build.
      local version; version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/charts/$pkg/Chart.yaml" 2>/dev/null)"
      docker build -t "operators/$pkg:dev" ${version:+-t "operators/$pkg:$version"} -f "$dockerfile" "$root"
      kind load docker-image "operators/$pkg:dev" ${version:+"operators/$pkg:$version"} --name "$name"
    done
  fi
}

down_kind() { kind delete cluster --name "$name" || true; rm -rf "$state_dir"; }

cmd="${1:-up}"
if [ "$provider" = kwok ] || [ "$cmd" = env ]; then CLUSTER_BIN_DIR="$(bin_dir)"; export CLUSTER_BIN_DIR; fi
case "$provider:$cmd" in
  kwok:up) up_kwok; kubeconfig_path ;;
  kwok:down) down_kwok ;;
  kind:up) up_kind; kubeconfig_path ;;
  kind:down) down_kind ;;
  existing:up) wait_ready; kubeconfig_path ;;
  existing:down) log "provider existing: leaving the cluster as it is" ;;
  *:kubeconfig) kubeconfig_path ;;
  kwok:audit-log) echo "$cache_root/kwok-workdir/clusters/$name/logs/audit.log" ;;
  *:status) is_up ;;
  *:env) printf 'export PATH=%q:"$PATH"\nexport KUBECONFIG=%q\n' "$(bin_dir)" "$(kubeconfig_path)" ;;
  *) echo "usage: CLUSTER_PROVIDER=kwok|kind|existing $0 up|down|kubeconfig|env|status|audit-log" >&2; exit 2 ;;
esac
