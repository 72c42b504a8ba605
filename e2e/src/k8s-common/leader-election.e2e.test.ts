import { fileURLToPath } from 'node:url';
import { ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { createTestNamespace, installCrds, testClient, waitFor } from '@operators/k8s-common/testing';
import { OperatorProcess } from '../support/operator-process.ts';
import { widget, widgetCrd, Widgets, type Widget } from '../support/widget.ts';

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
});
