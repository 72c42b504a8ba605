// The four peers: how each is started, and every setting the bench changes from its defaults.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageRuntimeEnv } from './image-runtime.ts';
import type { PeerDescription } from './results.ts';

export const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const goPeerDir = join(benchRoot, 'peers', 'controller-runtime');

export interface PeerContext {
  namespace: string;
  resyncSeconds: number;
  kubeconfig: string;
}

export interface PeerCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface PeerDefinition extends PeerDescription {
  /** Objects it caches per BenchApp (for heap per cached object); 0 when it has no cache. */
  cachedPerApp: number;
  command(context: PeerContext): PeerCommand;
}

const bundledPeer = (bundle: string, extra: (c: PeerContext) => string[], env: Record<string, string> = {}) => (c: PeerContext): PeerCommand => ({
  command: process.execPath,
  args: ['--expose-gc', bundle, ...extra(c)],
  env: { KUBECONFIG: c.kubeconfig, ...env },
});

/** What the operators' images set for Node (NODE_OPTIONS, MALLOC_ARENA_MAX), read from one of their Dockerfiles; all agree (image-runtime.test.ts). */
const oursImageEnv = () => imageRuntimeEnv(join(benchRoot, '..', 'packages', 'streambus-operator', 'Dockerfile'));
const describeEnv = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');

/**
 * Bundles a TypeScript peer with esbuild, as the operators' images run (their Dockerfile's esbuild
 * bundle): a process started from the sources spends seconds compiling and loading modules, which is
 * not what a deployed operator does. The bundle also fixes the code of this run: editing the sources
 * while it runs changes nothing.
 */
export function bundlePeer(file: string, outDir: string): string {
  const out = join(outDir, file.replace(/\.ts$/, '.mjs'));
  execFileSync(join(benchRoot, '..', 'node_modules', '.bin', 'esbuild'), [
    join(benchRoot, 'src', 'peers', file),
    '--bundle', '--platform=node', '--format=esm', '--target=node24', '--conditions=development', '--log-level=warning',
    `--outfile=${out}`,
    '--banner:js=import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  ], { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

export interface PeerBuilds {
  controllerRuntime: string;
  /** Bundled TypeScript peers by file name (ours.ts, dot-i.ts, limit.ts). */
  bundles: Record<string, string>;
}

const common = (resync: string) => [
  `watches only its own namespace (each peer and N gets a fresh one, so no peer sees another's objects)`,
  `resync period ${resync}, so that two resync periods fit in the steady-state window`,
  'runs as its own ServiceAccount (cluster-admin) so the audit log tells its writes apart',
];

function packageVersion(name: string): string {
  const require = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as { version: string };
  return require(join(benchRoot, '..', 'node_modules', ...name.split('/'), 'package.json')).version;
}

export function goModuleVersion(module: string): string {
  const line = readFileSync(join(goPeerDir, 'go.mod'), 'utf8').split('\n').find((l) => l.trim().startsWith(`${module} `));
  if (!line) throw new Error(`${module} is not required in ${goPeerDir}/go.mod`);
  return line.trim().split(/\s+/)[1]!;
}

/**
 * Builds the Go peer into the binaries cache (`~/.cache/ts-k8s-operators`, as e2e/cluster/build-binaries.sh),
 * keyed by the controller-runtime version and a hash of the peer's sources; a cached build is reused.
 */
export function buildControllerRuntimePeer(log: (line: string) => void): string {
  const version = goModuleVersion('sigs.k8s.io/controller-runtime');
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(goPeerDir, f)));
  const cacheRoot = process.env['OPERATORS_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'ts-k8s-operators');
  const dir = join(cacheRoot, `bench-controller-runtime-${version}-${hash.digest('hex').slice(0, 12)}`);
  const binary = join(dir, 'bench-controller-runtime');
  if (existsSync(binary)) return binary;
  log(`building the controller-runtime peer (controller-runtime ${version}) into ${dir}; the first build takes minutes`);
  mkdirSync(dir, { recursive: true });
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: goPeerDir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=readonly' } });
  return binary;
}

export function peerDefinitions(builds: PeerBuilds): PeerDefinition[] {
  return [
    {
      name: 'ours',
      title: 'libs/k8s-common (Manager, ChildSet, Applier)',
      version: 'this repository',
      cachedPerApp: 3,
      settings: [...common('--resync-period'), '--leader-elect=false (default true; the other peers do not elect)', '--metrics-bind-address=0 and --health-probe-bind-address=0 (their default ports would collide between peers)', `run from an esbuild bundle with its image's Node settings (${describeEnv(oursImageEnv())}), as its image runs it; node --expose-gc (for the heap figure)`],
      command: bundledPeer(builds.bundles['ours.ts']!, (c) => [`--namespaces=${c.namespace}`, `--resync-period=${c.resyncSeconds}s`, `--kubeconfig=${c.kubeconfig}`, '--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0'], oursImageEnv()),
    },
    {
      name: 'controller-runtime',
      title: 'sigs.k8s.io/controller-runtime (For/Owns, CreateOrUpdate, Status().Update)',
      version: goModuleVersion('sigs.k8s.io/controller-runtime'),
      cachedPerApp: 3,
      settings: [...common('Cache.SyncPeriod'), 'Metrics.BindAddress "0" (default :8080 would collide)', 'otherwise defaults: MaxConcurrentReconciles 1, the priority queue (on by default), no client-side rate limit (QPS -1 from its config loader), leader election off'],
      command: (c) => ({ command: builds.controllerRuntime, args: [`--namespace=${c.namespace}`, `--resync-seconds=${c.resyncSeconds}`], env: { KUBECONFIG: c.kubeconfig } }),
    },
    {
      name: 'dot-i',
      title: '@dot-i/k8s-operator (watchResource, one sequential event queue, GET/PUT children)',
      version: packageVersion('@dot-i/k8s-operator'),
      cachedPerApp: 0,
      settings: [
        'watches only its own namespace (watchResource\'s namespace argument)',
        'no resync exists in the framework (its watches re-list only when they restart)',
        'runs as its own ServiceAccount (cluster-admin) so the audit log tells its writes apart',
        'run from an esbuild bundle like ours, with Node\'s default memory settings (the framework ships no image); node --expose-gc (for the heap figure); queue depth read from the framework\'s private eventQueue',
      ],
      command: bundledPeer(builds.bundles['dot-i.ts']!, (c) => ['--namespace', c.namespace, '--resync-seconds', String(c.resyncSeconds)]),
    },
    {
      name: 'limit',
      title: 'the API server\'s limit: server-side apply of the same children, no reconcile logic, 2 workers',
      version: 'this repository',
      cachedPerApp: 2,
      settings: ['2 workers (ours\' default --max-concurrent-reconciles), first-in first-out, no deduplication', 'watches only its own namespace; no resync', 'runs as its own ServiceAccount (cluster-admin)', 'run from an esbuild bundle like ours, with Node\'s default memory settings'],
      command: bundledPeer(builds.bundles['limit.ts']!, (c) => ['--namespace', c.namespace, '--resync-seconds', String(c.resyncSeconds)]),
    },
  ];
}
