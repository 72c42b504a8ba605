#!/usr/bin/env bash
# Installs the workspace's npm packages exactly as package-lock.json records them, when they are
# missing or older than the lock file. `npm test`, `npm start` and .ci/run all begin here, so a
# fresh clone needs nothing but `npm test`.
#
# The lock file holds every platform's entries (`npm install --package-lock-only` writes them as
# the registry serves them), and `npm ci` installs from it. The registry's answers change from day
# to day (it began serving other platforms' optional packages one day): when `npm ci` refuses the
# lock file as out of sync, the lock file is regenerated in a scratch copy and compared. A
# difference only in another platform's optional packages is reported and installed past; any
# other difference (a dependency added to a package.json and not locked) fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$(bash scripts/ensure-node.sh):$PATH"

stamp=node_modules/.install-stamp
# Every manifest the lock file depends on: the root's and each workspace's.
fingerprint="$(cat package-lock.json package.json */*/package.json e2e/package.json 2>/dev/null | sha256sum | cut -c1-64) node-$(node --version)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  exit 0
fi

log() { printf '[install-deps] %s\n' "$*" >&2; }
log "installing the workspace's packages from package-lock.json"
ci_log="$(mktemp)"
if npm ci --no-audit --no-fund --loglevel=error >"$ci_log" 2>&1; then
  rm -f "$ci_log"
else
  cat "$ci_log" >&2
  rm -f "$ci_log"
  log "npm ci refused the lock file; checking whether only other platforms' optional packages differ"
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  cp package-lock.json "$scratch/committed.json"
  npm install --package-lock-only --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json "$scratch/regenerated.json"
  cp "$scratch/committed.json" package-lock.json
  node scripts/lock-drift.mjs "$scratch/committed.json" "$scratch/regenerated.json" >&2
  # Install the committed versions for this platform; the lock file is left as committed.
  cp package-lock.json "$scratch/keep.json"
  npm install --no-audit --no-fund --loglevel=error >&2
  cp "$scratch/keep.json" package-lock.json
fi
echo "$fingerprint" > "$stamp"
log "packages installed"
