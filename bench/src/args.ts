// The command line of `npm run bench` (pure, so it is tested).

import type { MeasureSettings } from './measure.ts';

/** The measurement settings of every peer and N, and what the run covers. */
export interface BenchArgs extends Omit<MeasureSettings, 'restart'> {
  sizes: number[];
  peers: string[];
  label: string;
  /** A result file whose "ours" is shown beside this run's (before/after a fix). */
  compare?: string;
  /** Re-print the table and re-render the plot of an existing result file; runs nothing. */
  report?: string;
  outDir: string;
  /** The N at which the restart is measured. */
  restartAt: number[];
  /** How often every peer is measured at each N; the table shows medians. */
  repetitions: number;
  keepCluster: boolean;
}

export const ALL_PEERS = ['ours', 'controller-runtime', 'dot-i', 'limit'];

export const USAGE = `npm run bench -- [options]
  --n 100,1000            numbers of BenchApps, one run each (default 100,1000; --n 5000 is the large run)
  --peers a,b             among ${ALL_PEERS.join(', ')} (default all)
  --label text            what this run is, e.g. "after the fix" (default "this run")
  --compare file.json     show that run's "ours" column beside this run's
  --report file.json      print the table and render the plot of a result file; runs nothing
  --resync-seconds 8      every peer's resync period; the steady-state window is two of them
  --latency-changes 40    single changes timed one at a time (the issue: 200)
  --churn-rates 10,50,100 changes per second
  --churn-seconds 8       per rate (the issue: 60)
  --restart-at 1000       the N at which the restart is measured (default: those >= 1000, else the largest)
  --repeat 1              measure every peer this many times at each N, taking turns; the table shows medians
  --replicas 0            Deployment replicas of each BenchApp
  --keep-cluster          leave the cluster up at the end`;

const numbers = (v: string, flag: string): number[] => {
  const list = v.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((x) => !Number.isFinite(x) || x < 0)) throw new Error(`${flag}: expected comma-separated numbers, got "${v}"`);
  return list;
};

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'keep-cluster' || name === 'help') {
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  if (flags.has('help')) throw new Error(USAGE);
  const known = ['n', 'peers', 'label', 'compare', 'report', 'out', 'resync-seconds', 'latency-changes', 'churn-rates', 'churn-seconds', 'churn-drain-seconds', 'restart-at', 'replicas', 'create-concurrency', 'convergence-timeout-seconds', 'restart-window-seconds', 'repeat'];
  for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  const num = (name: string, fallback: number) => (values.has(name) ? numbers(values.get(name)!, `--${name}`)[0]! : fallback);
  const sizes = values.has('n') ? numbers(values.get('n')!, '--n').map(Math.round) : [100, 1000];
  if (sizes.some((n) => n < 1)) throw new Error('--n: every N must be at least 1');
  const peers = values.has('peers') ? values.get('peers')!.split(',').map((s) => s.trim()) : ALL_PEERS;
  for (const p of peers) if (!ALL_PEERS.includes(p)) throw new Error(`--peers: unknown peer "${p}" (known: ${ALL_PEERS.join(', ')})`);
  const large = sizes.filter((n) => n >= 1000);
  return {
    sizes,
    peers,
    label: values.get('label') ?? 'this run',
    ...(values.has('compare') ? { compare: values.get('compare')! } : {}),
    ...(values.has('report') ? { report: values.get('report')! } : {}),
    outDir: values.get('out') ?? 'bench/results',
    resyncSeconds: num('resync-seconds', 8),
    replicas: num('replicas', 0),
    createConcurrency: num('create-concurrency', 16),
    latencyChanges: num('latency-changes', 40),
    churnRates: values.has('churn-rates') ? numbers(values.get('churn-rates')!, '--churn-rates') : [10, 50, 100],
    churnSeconds: num('churn-seconds', 8),
    churnDrainSeconds: num('churn-drain-seconds', 10),
    convergenceTimeoutSeconds: num('convergence-timeout-seconds', 300),
    restartWindowSeconds: num('restart-window-seconds', 10),
    restartAt: values.has('restart-at') ? numbers(values.get('restart-at')!, '--restart-at') : large.length ? large : [Math.max(...sizes)],
    repetitions: Math.max(1, Math.round(num('repeat', 1))),
    keepCluster: flags.has('keep-cluster'),
  };
}

/** What the run measures less of than the issue asks, in words, for the output and the docs. */
export function reductions(args: BenchArgs): string[] {
  const out: string[] = [];
  if (args.latencyChanges < 200) out.push(`single-change latency over ${args.latencyChanges} changes per peer and N (the issue: 200)`);
  if (args.churnSeconds < 60) out.push(`churn for ${args.churnSeconds} s per rate (the issue: 60 s), changes not seen within ${args.churnDrainSeconds} s after it count as missed`);
  if (args.repetitions > 1) out.push(`${args.repetitions} repetitions per peer and N, the peers taking turns; every figure is the median over them (write counts: the most), percentiles are over the changes of each run`);
  else out.push(`one repetition per peer and N (the issue: medians over repeated runs, --repeat); percentiles are over the changes of that one run`);
  out.push(`steady state over 2 × ${args.resyncSeconds} s: every peer's resync period set to ${args.resyncSeconds} s (defaults: ours 10 min, controller-runtime 10 h)`);
  out.push(`Deployments with ${args.replicas} replicas: no pods, so kwok and the scheduler do no work; Available still needs the deployment controller`);
  const others = args.sizes.filter((n) => !args.restartAt.includes(n));
  if (others.length) out.push(`restart measured at N = ${args.restartAt.join(', ')} only (not at ${others.join(', ')})`);
  return out;
}
