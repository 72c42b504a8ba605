import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeClient } from '@operators/k8s-common';
import { createTestNamespace, kubeConfigWithToken, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ChartInstall {
  release: string;
  namespace: string;
  serviceAccount: string;
  kubeconfigPath: string;
}

/**
 * Installs an operator's chart (its CRDs server-side first, as they are shared by parallel
 * tests) and returns a kubeconfig that authenticates as the chart's ServiceAccount, so the
 * operator process run by the test has exactly the chart's RBAC: a missing rule fails a test.
 */
export function installChart(operator: string, namespace: string, values: string[] = []): ChartInstall {
  const chart = join(repoRoot, 'charts', operator);
  execFileSync('kubectl', ['apply', '--server-side', '--force-conflicts', '-f', join(chart, 'crds')], { stdio: 'pipe' });
  const release = operator;
  execFileSync('helm', ['install', release, chart, '--namespace', namespace, '--skip-crds', '--wait=false', ...values.flatMap((v) => ['--set', v])], { stdio: 'pipe' });
  const serviceAccount = execFileSync('kubectl', ['get', 'serviceaccount', '-n', namespace, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'jsonpath={.items[0].metadata.name}'], { encoding: 'utf8' }).trim();
  const token = execFileSync('kubectl', ['create', 'token', serviceAccount, '-n', namespace, '--duration=2h'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), `${operator}-`));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeConfigWithToken(testKubeConfig(), token, namespace).exportConfig(), { mode: 0o600 });
  return { release, namespace, serviceAccount, kubeconfigPath };
}

/** An operator running as a local process from its TypeScript sources, as `npm start` runs it. */
export class OperatorProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);
  private output = '';
  metricsPort = 0;
  private readonly main: string;
  private readonly args: string[];

  /** `operator` is a package name under packages/, or the path of a TypeScript entry point. */
  constructor(operator: string, args: string[]) {
    this.main = operator.endsWith('.ts') ? operator : join(repoRoot, 'packages', operator, 'src', 'main.ts');
    this.args = args;
  }

  async start(): Promise<void> {
    this.output = '';
    this.metricsPort = 0;
    const child = spawn(process.execPath, ['--conditions=development', this.main, '--metrics-bind-address=127.0.0.1:0', '--health-probe-bind-address=127.0.0.1:0', ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KUBECONFIG: '' },
    });
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      const match = /"ports":\{[^}]*"metrics":(\d+)/.exec(this.output);
      if (match && !this.metricsPort) this.metricsPort = Number(match[1]);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    await waitFor(() => this.metricsPort > 0 || (child.exitCode !== null ? Promise.reject(new Error(`operator exited ${child.exitCode}: ${this.output.slice(-2000)}`)) : false), {
      timeoutMs: 30_000,
      description: 'the operator to start serving metrics',
    });
  }

  /** SIGKILL: no graceful shutdown, as a crash or an OOM kill. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM, waiting for the exit; returns the exit code. */
  async stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  /** Resolves with the exit code once the process has exited by itself (or was stopped). */
  exited(): Promise<number | null> {
    return this.exit;
  }

  logs(): string {
    return this.output;
  }

  /** The exit code once the process has exited by itself; undefined while it runs. */
  exitCode(): number | undefined {
    return this.child?.exitCode ?? undefined;
  }

  /**
   * The operator's own count of mutating requests to the API server, leader-lease renewals
   * excepted (they are the price of leader election, not reconcile writes).
   */
  async writeCount(): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('operator_api_writes_total{') && !l.includes('resource="leases"'))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  }

  /** Mutating requests by resource, leases excepted (see writeCount). */
  async writesByResource(): Promise<Record<string, number>> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    const counts: Record<string, number> = {};
    for (const line of text.split('\n')) {
      const match = /^operator_api_writes_total\{resource="([^"]+)",method="([^"]+)"\} (\d+)/.exec(line);
      if (!match || match[1] === 'leases') continue;
      const key = `${match[2]} ${match[1]}`;
      counts[key] = (counts[key] ?? 0) + Number(match[3]);
    }
    return counts;
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  }
}

/** What a test file gets from useOperator: a client, the watched namespace and the operator process. */
export interface OperatorTestEnv {
  client: KubeClient;
  /** The namespace the operator watches, where the test's resources go. */
  namespace: string;
  operator: OperatorProcess;
}

/**
 * Runs an operator as `npm start` does, for one test file: installs its chart into a namespace of
 * its own with namespace-scoped RBAC for one watched namespace, and starts the operator process
 * authenticated as the chart's ServiceAccount (so a missing RBAC rule fails the test). Registers
 * beforeAll/afterAll; the returned object is filled in beforeAll. afterAll stops the operator with
 * SIGTERM and expects a clean exit.
 */
export function useOperator(operatorPackage: string, prefix: string, extraArgs: string[] = []): OperatorTestEnv {
  const env = {} as OperatorTestEnv;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    env.client = await testClient();
    const operatorNs = await createTestNamespace(env.client, `${prefix}-system`);
    const watched = await createTestNamespace(env.client, prefix);
    cleanups.push(watched.cleanup, operatorNs.cleanup);
    env.namespace = watched.name;
    const install = installChart(operatorPackage, operatorNs.name, ['rbac.scope=namespace', `watchNamespaces={${watched.name}}`]);
    env.operator = new OperatorProcess(operatorPackage, [
      `--kubeconfig=${install.kubeconfigPath}`,
      `--namespaces=${watched.name}`,
      '--leader-elect=true',
      `--leader-election-namespace=${operatorNs.name}`,
      '--resync-period=5s',
      '--log-level=debug',
      ...extraArgs,
    ]);
    await env.operator.start();
  });
  afterAll(async () => {
    const code = await env.operator?.stop();
    // On a failure, the operator's last log lines say why it did not exit cleanly.
    expect({ code, logs: code === 0 ? '' : env.operator?.logs().slice(-4000) }).toEqual({ code: 0, logs: '' });
    for (const cleanup of cleanups) await cleanup();
    await env.client?.close();
  });
  return env;
}
