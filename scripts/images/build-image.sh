#!/usr/bin/env bash
# Builds an operator's container image from its Dockerfile and writes it as an OCI archive to
# dist/images/<op>.tar (the nx target `image`: `npx nx image <op>`, `npx nx run-many -t image`).
#
#   bash scripts/images/build-image.sh packages/<op>     prints the image's name (operators/<op>:<version>)
#
# Tagged operators/<op>:<version> (the package's version, which is the chart's appVersion: the
# chart's default image) and operators/<op>:dev. The build is skipped when the image was built from
# the same inputs (the build context's files the Dockerfile reads, and the base images): their hash
# is the image's label dev.operators.inputs. Without a registry the bases are made locally first
# (scripts/images/base-image.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
project="${1:?usage: build-image.sh packages/<op>}"
project="${project%/}"
op="$(basename "$project")"
dockerfile="$project/Dockerfile"
[ -f "$dockerfile" ] || { echo "[image $op] no $dockerfile" >&2; exit 1; }
log() { printf '[image %s] %s\n' "$op" "$*" >&2; }
engine=(bash "$here/engine.sh")
started=$SECONDS

bash "$here/base-image.sh"
# The base images the Dockerfile defaults to, by content.
bases="$(sed -n 's/^ARG [A-Z_]*IMAGE=\(.*\)$/\1/p' "$dockerfile" | while read -r image; do "${engine[@]}" image inspect --format '{{.Id}}' "$image"; done)"

version="$(node -p "require('./$project/package.json').version")"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
source_url="$(git config --get remote.origin.url 2>/dev/null || true)"
image="operators/$op:$version"

# What the build reads: the Dockerfile, the root manifests, the bundler, the libraries and the
# operator (tests and snapshots are not in the build context: .dockerignore).
inputs="$( {
  echo "$bases"
  git ls-files -co --exclude-standard -- "$dockerfile" package.json package-lock.json .npmrc .dockerignore tsconfig.base.json scripts/images/bundle.mjs libs "$project" \
    | grep -v -E '\.test\.ts$|/__snapshots__/' | sort | xargs sha256sum
} | sha256sum | cut -c1-32)"

built_from() { "${engine[@]}" image inspect --format '{{ index .Config.Labels "dev.operators.inputs" }}' "$1" 2>/dev/null || true; }
if [ "$(built_from "$image")" = "$inputs" ]; then
  log "up to date ($image, inputs $inputs)"
else
  log "building $image"
  secret=()
  # Behind a TLS-inspecting proxy the build's npm needs the proxy's CA, as the host's Node does.
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then secret=(--secret "id=extra-ca-certs,src=$NODE_EXTRA_CA_CERTS"); fi
  "${engine[@]}" build --network host "${secret[@]}" \
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=$source_url" \
    --label "dev.operators.inputs=$inputs" \
    -t "$image" -t "operators/$op:dev" -f "$dockerfile" . >&2
fi

archive="dist/images/$op.tar"
mkdir -p dist/images
if [ ! -f "$archive" ] || [ "$(cat "$archive.inputs" 2>/dev/null)" != "$inputs" ]; then
  rm -f "$archive" "$archive.inputs"
  if [ "$("${engine[@]}" --name)" = podman ]; then
    "${engine[@]}" save --quiet --format oci-archive -o "$archive" "$image"
  else
    "${engine[@]}" save -o "$archive" "$image"
  fi
  echo "$inputs" > "$archive.inputs"
fi
size="$("${engine[@]}" image inspect --format '{{.Size}}' "$image")"
log "$image: $((size / 1000 / 1000)) MB unpacked, $archive $(( $(stat -c %s "$archive") / 1000 / 1000 )) MB, after $((SECONDS - started)) s"
echo "$image"
