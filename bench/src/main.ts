// `npm run bench`: the four peers one after another against one local cluster, at each N; prints the
// table, writes bench/results/<date>.json and the churn plot (SVG) beside it. See docs/performance.md.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseBenchArgs, reductions, type BenchArgs } from './args.ts';
import { clusterUp, prepareCluster, usernameOf } from './cluster.ts';
import { measurePeer } from './measure.ts';
import { buildControllerRuntimePeer, bundlePeer, peerDefinitions } from './peers.ts';
import { renderChurnPlot } from './plot.ts';
import { parseBenchResult, type BenchResult, type PeerFigures } from './results.ts';
import { benchTable } from './table.ts';

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const readResult = (file: string) => parseBenchResult(JSON.parse(readFileSync(file, 'utf8')));

async function writeOutputs(result: BenchResult, file: string, before?: BenchResult): Promise<void> {
  const svgFile = file.replace(/\.json$/, '-churn-p99.svg');
  const mdFile = file.replace(/\.json$/, '.md');
  writeFileSync(svgFile, await renderChurnPlot(result));
  const text = [
    benchTable(result, before),
    '',
    `Reductions against the issue:\n${result.reductions.map((r) => `- ${r}`).join('\n')}`,
    '',
    `Settings changed per peer:\n${result.peers.map((p) => `- **${p.name}** (${p.version}): ${p.settings.join('; ')}`).join('\n')}`,
    '',
    `Run ${result.startedAt} → ${result.finishedAt}, ${result.machine.cpus} × ${result.machine.cpuModel}, load average ${result.machine.loadAverageStart.map((l) => l.toFixed(1)).join(' ')} at the start and ${result.machine.loadAverageEnd.map((l) => l.toFixed(1)).join(' ')} at the end, Node ${result.machine.node}, Kubernetes ${result.machine.kubernetes}.`,
  ].join('\n');
  writeFileSync(mdFile, `${text}\n`);
  process.stdout.write(`\n${text}\n\nwrote ${file}, ${mdFile} and ${svgFile}\n`);
}

function failedFigures(error: string): PeerFigures {
  return {
    readyAtDeadline: 0,
    steady: { windowSeconds: 0, writes: 0, childrenChanged: 0 },
    latency: { changes: 0, missed: 0 },
    churn: [],
    memory: { rssBytes: 0, heapBytes: 0, baselineHeapBytes: 0, cachedObjects: 0 },
    errors: [error],
  };
}

async function run(args: BenchArgs): Promise<void> {
  const before = args.compare ? readResult(args.compare) : undefined;
  const startedAt = new Date();
  const loadAverageStart = loadavg();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
  log(`peer logs, bundles and kubeconfigs in ${workDir}`);
  const builds = {
    controllerRuntime: args.peers.includes('controller-runtime') ? buildControllerRuntimePeer(log) : '',
    bundles: Object.fromEntries(['ours.ts', 'dot-i.ts', 'limit.ts'].map((f) => [f, bundlePeer(f, workDir)])),
  };
  const peers = peerDefinitions(builds).filter((p) => args.peers.includes(p.name));
  log(`cluster up (kwok, audit log on)`);
  const cluster = clusterUp();
  const { client, kubeconfigs } = await prepareCluster(cluster.kubeconfig, peers.map((p) => p.name), workDir);
  const kubernetes = (await client.request<{ gitVersion: string }>({ method: 'GET', path: '/version' })).gitVersion;
  const sequence = { next: 1 };
  const runs: BenchResult['runs'] = [];
  const cpu = cpus();
  const stamp = startedAt.toISOString().slice(0, 16).replace(':', '').replace('T', '-');
  mkdirSync(args.outDir, { recursive: true });
  const file = resolve(args.outDir, `${stamp}.json`);
  const resultSoFar = (): BenchResult => ({
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    label: args.label,
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      loadAverageStart,
      loadAverageEnd: loadavg(),
      node: process.version,
      kubernetes,
      note: 'kwok cluster on the same machine (kube-apiserver, etcd, controller-manager, scheduler as processes); the peers and the driver share its cores',
    },
    settings: {
      sizes: args.sizes,
      resyncSeconds: args.resyncSeconds,
      replicas: args.replicas,
      createConcurrency: args.createConcurrency,
      latencyChanges: args.latencyChanges,
      churnRates: args.churnRates,
      churnSeconds: args.churnSeconds,
      convergenceTimeoutSeconds: args.convergenceTimeoutSeconds,
      restartWindowSeconds: args.restartWindowSeconds,
      ...(args.repetitions > 1 ? { repetitions: args.repetitions } : {}),
    },
    reductions: reductions(args),
    peers: peers.map(({ name, title, version, settings }) => ({ name, title, version, settings })),
    runs,
  });
  try {
    for (const n of args.sizes) for (let repetition = 1; repetition <= args.repetitions; repetition++) {
      const figures: Record<string, PeerFigures> = {};
      for (const peer of peers) {
        log(`── ${peer.name}, N = ${n}${args.repetitions > 1 ? `, repetition ${repetition} of ${args.repetitions}` : ''}`);
        try {
          figures[peer.name] = await measurePeer(peer, n, { ...args, restart: args.restartAt.includes(n) }, {
            client,
            auditLog: cluster.auditLog,
            username: usernameOf(peer.name),
            kubeconfig: kubeconfigs.get(peer.name)!,
            logDir: workDir,
            log,
            sequence,
          });
        } catch (err) {
          // One peer failing (it never synced, the cluster hiccupped) leaves the others' figures.
          log(`${peer.name} N=${n} failed: ${String(err)}`);
          figures[peer.name] = failedFigures(String(err));
        }
      }
      runs.push({ n, ...(args.repetitions > 1 ? { repetition } : {}), peers: figures });
      // Written after each N, so an interrupted run keeps what it measured.
      writeFileSync(file, `${JSON.stringify(parseBenchResult(resultSoFar()), null, 2)}\n`);
    }
  } finally {
    await client.close();
    if (!args.keepCluster) {
      log('cluster down');
      cluster.down();
    }
  }
  const result = resultSoFar();
  writeFileSync(file, `${JSON.stringify(parseBenchResult(result), null, 2)}\n`);
  await writeOutputs(result, file, before);
}

const args = parseBenchArgs(process.argv.slice(2));
if (args.report) await writeOutputs(readResult(args.report), resolve(args.report), args.compare ? readResult(args.compare) : undefined);
else await run(args);
