// Compares a committed package-lock.json with one regenerated from the registry today, and fails
// unless they differ only in optional packages for other platforms (os/cpu/libc that this
// machine is not). Those entries come and go with what the registry serves; no install here
// ever uses them, so they must not fail CI. Any other difference is a lock file out of date.
//
//   node scripts/lock-drift.mjs <committed.json> <regenerated.json>
import { readFileSync } from 'node:fs';

const [committedPath, regeneratedPath] = process.argv.slice(2);
if (!committedPath || !regeneratedPath) {
  console.error('usage: node scripts/lock-drift.mjs <committed.json> <regenerated.json>');
  process.exit(2);
}
const committed = JSON.parse(readFileSync(committedPath, 'utf8')).packages ?? {};
const regenerated = JSON.parse(readFileSync(regeneratedPath, 'utf8')).packages ?? {};
// Node reports the glibc version it runs on; without one the C library is musl.
const libc = process.report.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';

/** Whether a lock entry can never be installed on this machine. */
function foreign(entry) {
  if (!entry?.optional) return false;
  const excluded = (list, value) => Array.isArray(list) && list.length > 0 && !list.some((item) => item === value || (item.startsWith('!') ? item.slice(1) !== value : false));
  return excluded(entry.os, process.platform) || excluded(entry.cpu, process.arch) || excluded(entry.libc, libc);
}

const foreignOnly = [];
const real = [];
for (const path of new Set([...Object.keys(committed), ...Object.keys(regenerated)])) {
  const a = committed[path];
  const b = regenerated[path];
  if (JSON.stringify(a) === JSON.stringify(b)) continue;
  if ((a === undefined || foreign(a)) && (b === undefined || foreign(b))) foreignOnly.push(path);
  else real.push(`${path}: ${a ? `locked ${a.version ?? '(link)'}` : 'not locked'}, registry today ${b ? (b.version ?? '(link)') : 'none'}`);
}
if (real.length) {
  console.error(`package-lock.json is out of date (run npm install and commit it):\n  ${real.join('\n  ')}`);
  process.exit(1);
}
console.error(`lock file differs from today's registry only in ${foreignOnly.length} optional package(s) for other platforms: ${foreignOnly.join(', ') || 'none'}`);
