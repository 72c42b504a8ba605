import { fileURLToPath } from 'node:url';
import type { V1ConfigMap } from '@kubernetes/client-node';
import {
  controllerFor,
  formatMicroTime,
  isConflict,
  Manager,
  parseManagerConfig,
  ResourceTypes,
  silentLogger,
  WriteFencedError,
  type KubeClient,
  type Lease,
} from '@operators/k8s-common';
import { createTestNamespace, installCrds, RequestCounter, sleep, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { OperatorProcess } from '../support/operator-process.ts';
import { RECONCILE_DELAY_ANNOTATION, widget, widgetCrd, Widgets, type Widget } from '../support/widget.ts';

const widgetOperator = fileURLToPath(new URL('../support/widget-operator.ts', import.meta.url));

describe('two managers with leader election', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  const processes: OperatorProcess[] = [];

  beforeAll(async () => {
    client = await testClient();
    await installCrds(client, [widgetCrd]);
    ns = await createTestNamespace(client, 'leader');
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await ns.cleanup();
    await client.close();
  });

  const ready = (name: string) =>
    waitFor(async () => (await client.get<Widget>(Widgets, name, ns.name)).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'), {
      timeoutMs: 60_000,
      description: `Widget ${name} Ready`,
    });

  it('lets only the leader reconcile, and the standby take over within a lease duration of a crash', async () => {
    for (let i = 0; i < 2; i++) {
      const p = new OperatorProcess(widgetOperator, [
        `--kubeconfig=${process.env['KUBECONFIG']}`,
        `--namespaces=${ns.name}`,
        '--leader-elect=true',
        `--leader-election-namespace=${ns.name}`,
        '--leader-election-id=widget-leader',
      ]);
      await p.start();
      processes.push(p);
    }
    await client.create(Widgets, widget(ns.name, 'first', { a: '1' }));
    await ready('first');

    const counts = await Promise.all(processes.map((p) => p.metric('controller_runtime_reconcile_total')));
    const leaderIndex = counts.findIndex((c) => c > 0);
    expect(counts.filter((c) => c > 0)).toHaveLength(1);
    const leader = processes[leaderIndex]!;
    const standby = processes[1 - leaderIndex]!;
    expect(await leader.metric('leader_election_master_status')).toBe(1);
    expect(await standby.metric('leader_election_master_status')).toBe(0);

    const killedAt = Date.now();
    await leader.kill();
    await client.create(Widgets, widget(ns.name, 'second', { b: '2' }));
    await ready('second');
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    // A 15 s lease, judged from when the standby last saw it renewed, plus a 2 s retry period.
    expect(takeoverSeconds).toBeLessThan(20);
    expect(await standby.metric('controller_runtime_reconcile_total')).toBeGreaterThan(0);
    expect(await standby.metric('leader_election_master_status')).toBe(1);

    // A clean stop releases the lease at once.
    expect(await standby.stop()).toBe(0);
    const lease = await client.get<{ metadata?: { name?: string }; spec?: { holderIdentity?: string } }>(ResourceTypes.Lease, 'widget-leader', ns.name);
    expect(lease.spec?.holderIdentity ?? '').toBe('');
  }, 120_000);

  // The manager's lease timings (the elector's defaults).
  const RENEW_DEADLINE_MS = 10_000;

  const getLease = (name: string) => client.get<Lease>(ResourceTypes.Lease, name, ns.name);

  async function startOperator(leaseId: string): Promise<OperatorProcess> {
    const p = new OperatorProcess(widgetOperator, [
      `--kubeconfig=${process.env['KUBECONFIG']}`,
      `--namespaces=${ns.name}`,
      '--leader-elect=true',
      `--leader-election-namespace=${ns.name}`,
      `--leader-election-id=${leaseId}`,
    ]);
    await p.start();
    processes.push(p);
    await waitFor(async () => (await p.metric('leader_election_master_status')) === 1, { timeoutMs: 30_000, description: `the operator to lead ${leaseId}` });
    return p;
  }

  /** A Widget whose reconcile sleeps `delayMs` before writing, deaf to its signal. */
  async function createSlowWidget(p: OperatorProcess, name: string, delayMs: number): Promise<void> {
    const w = widget(ns.name, name, { slow: 'yes' });
    await client.create(Widgets, { ...w, metadata: { ...w.metadata, annotations: { [RECONCILE_DELAY_ANNOTATION]: String(delayMs) } } });
    await waitFor(() => p.logs().split('\n').some((line) => line.includes('delaying the reconcile') && line.includes(`"name":"${name}"`)), {
      timeoutMs: 30_000,
      description: `the reconcile of ${name} to start`,
    });
  }

  /** Writes another live holder into the Lease, as a successor would after taking it over. */
  async function stealLease(name: string): Promise<void> {
    await waitFor(async () => {
      const lease = await getLease(name);
      const now = formatMicroTime(Date.now());
      const spec = { ...lease.spec, holderIdentity: 'usurper', leaseDurationSeconds: 60, acquireTime: now, renewTime: now, leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 };
      try {
        await client.replace<Lease>(ResourceTypes.Lease, { ...lease, spec });
        return true;
      } catch (err) {
        // The leader renewed between our read and write: read again.
        if (isConflict(err)) return false;
        throw err;
      }
    }, { timeoutMs: 10_000, intervalMs: 50, description: `the Lease ${name} to be taken` });
  }

  it('a deposed leader makes no further write and exits non-zero at once, without draining a slow reconcile', async () => {
    const p = await startOperator('widget-deposed');
    const exited = p.exited().then((code) => ({ code, at: Date.now() }));
    // Far longer than the time to notice the loss: a drain would wait for it and then write.
    await createSlowWidget(p, 'deposed', 20_000);

    await stealLease('widget-deposed');
    const stolenAt = Date.now();
    const { code, at } = await exited;

    expect(code).toBe(1);
    // It notices at its next renewal (a retry period, 2 s) and does not wait for the reconcile.
    expect(at - stolenAt).toBeLessThan(RENEW_DEADLINE_MS);
    expect(p.logs()).toContain('leader election lost');
    // The reconcile never wrote: no ConfigMap, no status; and the Lease still names the new holder.
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'deposed-data', ns.name)).toBeUndefined();
    expect((await client.get<Widget>(Widgets, 'deposed', ns.name)).status).toBeUndefined();
    expect((await getLease('widget-deposed')).spec?.holderIdentity).toBe('usurper');
    // Later processes in this namespace must not pick up its slow reconcile.
    await client.delete(Widgets, 'deposed', ns.name);
  }, 120_000);

  it('on SIGTERM keeps renewing the Lease while a slow reconcile drains, then releases it', async () => {
    const p = await startOperator('widget-draining');
    // Longer than the renew deadline: a leader that stopped renewing at SIGTERM would lose the Lease mid-drain.
    await createSlowWidget(p, 'draining', 12_000);
    const renewedAtStop = Date.parse((await getLease('widget-draining')).spec?.renewTime ?? '');
    const stopped = p.stop();

    let lastRenewalWhileDraining = renewedAtStop;
    let running = true;
    void stopped.finally(() => (running = false));
    while (running) {
      const lease = await getLease('widget-draining');
      if (running && lease.spec?.holderIdentity) lastRenewalWhileDraining = Math.max(lastRenewalWhileDraining, Date.parse(lease.spec.renewTime ?? ''));
      await sleep(500);
    }

    expect(await stopped).toBe(0);
    expect(lastRenewalWhileDraining - renewedAtStop).toBeGreaterThan(RENEW_DEADLINE_MS / 2);
    // The in-flight reconcile finished its writes under the Lease...
    expect((await client.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'draining-data', ns.name)).data).toEqual({ slow: 'yes' });
    // ...and only then was the Lease handed over.
    expect((await getLease('widget-draining')).spec?.holderIdentity ?? '').toBe('');
  }, 120_000);

  it('refuses the writes of a reconcile that ignores its signal once the Lease is lost, and aborts that signal at once', async () => {
    const leaseId = 'widget-fenced';
    const manager = await Manager.create({
      name: 'widget-controller',
      config: parseManagerConfig('widget-controller', [
        '--leader-elect=true', `--leader-election-namespace=${ns.name}`, `--leader-election-id=${leaseId}`,
        '--metrics-bind-address=0', '--health-probe-bind-address=0', `--namespaces=${ns.name}`,
      ], {}),
      kubeConfig: testKubeConfig(),
      logger: silentLogger(),
    });
    const SLOW_MS = 8_000;
    const seen: { started?: boolean; signalAbortedAt?: number; writeError?: unknown } = {};
    manager.add(
      controllerFor(Widgets).complete(async (request, { signal }) => {
        if (request.name !== 'fenced' || seen.started) return;
        seen.started = true;
        signal.addEventListener('abort', () => (seen.signalAbortedAt = Date.now()), { once: true });
        await sleep(SLOW_MS);
        // Forgets the signal: only the client's write fence stands between it and the API server.
        seen.writeError = await manager.client
          .create(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fenced-data', namespace: ns.name }, data: { late: 'write' } })
          .then(() => null, (err: unknown) => err);
      }),
    );
    const counter = new RequestCounter(manager.client);
    const ended = manager.start().then(
      () => ({ error: undefined as unknown, at: Date.now() }),
      (error: unknown) => ({ error, at: Date.now() }),
    );
    await waitFor(async () => (await client.tryGet<Lease>(ResourceTypes.Lease, leaseId, ns.name))?.spec?.holderIdentity === manager.identity, { description: 'the manager to lead' });
    await client.create(Widgets, widget(ns.name, 'fenced', { f: '1' }));
    await waitFor(() => seen.started, { description: 'the slow reconcile to start' });

    counter.reset();
    await stealLease(leaseId);
    const stolenAt = Date.now();
    const { error, at } = await ended;
    expect((error as Error | undefined)?.message).toBe('leader election lost');
    // No drain: start() ended long before the reconcile woke up, and its signal aborted on the loss.
    expect(at - stolenAt).toBeLessThan(RENEW_DEADLINE_MS);
    expect(at - stolenAt).toBeLessThan(SLOW_MS);
    expect((seen.signalAbortedAt ?? Infinity) - stolenAt).toBeLessThan(RENEW_DEADLINE_MS);

    await waitFor(() => seen.writeError !== undefined, { timeoutMs: SLOW_MS + 5_000, description: 'the reconcile to try its late write' });
    expect(seen.writeError).toBeInstanceOf(WriteFencedError);
    expect(counter.writes().filter((r) => !r.path.includes('/leases/'))).toEqual([]);
    counter.stop();
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'fenced-data', ns.name)).toBeUndefined();
  }, 120_000);
});
