// Upgrades that fail, as the seed's "Upgrades & Rollbacks" describes them: a rollout that does not
// become available within progressDeadlineSeconds gives Degraded with the Deployment's reason, and
// with rollback.automatic the operator returns the Deployment to the last known-good version and
// says so in status and an Event. The failure is real: the app is pinned (spec.affinity) to a node
// of this file's own, which the test taints before the upgrade, so the new pod cannot be scheduled
// while the old one keeps running (maxUnavailable 0). The node is the file's own (kwok simulates
// it), reserved by a taint only this app tolerates: other files add, cordon and delete nodes of
// theirs and relabel every node, and none of that may move the pod or lift the block.
import type { V1Deployment, V1Node } from '@kubernetes/client-node';
import { resourceType, ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, CycloneApps, eventReasons, kubectl, plainApp, waitForApp, waitForReady } from './support.ts';

const Nodes = resourceType('v1', 'Node', 'nodes', false);
const PIN_LABEL = 'e2e.cyclone.dev/rollback';
const BLOCK_TAINT = 'e2e.cyclone.dev/blocked';
const RESERVED_TAINT = 'e2e.cyclone.dev/reserved';

describe('CycloneApp upgrades that fail', () => {
  const env = useOperator('cyclone-operator', 'cyclone-rollback');
  const name = 'upgrade';
  let node = '';
  const image = async () => (await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace)).spec?.template.spec?.containers[0]?.image;

  beforeAll(async () => {
    node = env.namespace;
    const resources = { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' };
    await env.client.create<V1Node>(Nodes, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { 'kubernetes.io/hostname': node, type: 'kwok', [PIN_LABEL]: env.namespace } },
      spec: { taints: [{ key: RESERVED_TAINT, value: env.namespace, effect: 'NoSchedule' }] },
      status: { allocatable: resources, capacity: resources },
    });
  });

  afterAll(() => {
    // kubectl: the operator fixture's client may be closed by now.
    kubectl('delete', 'node', node, '--ignore-not-found', '--wait=false');
  });

  it('a rollout that never becomes available reports Degraded with the reason', async () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: PIN_LABEL, operator: 'In', values: [env.namespace] }] }] } } };
    const tolerations = [{ key: RESERVED_TAINT, operator: 'Equal', value: env.namespace, effect: 'NoSchedule' }];
    await env.client.create(CycloneApps, { ...plainApp(name, { replicas: 1, affinity, tolerations, progressDeadlineSeconds: 5 }), metadata: { name, namespace: env.namespace } });
    expect((await waitForReady(env.client, env.namespace, name)).status?.lastKnownGoodVersion).toBe('2.0.0');

    kubectl('taint', 'node', node, `${BLOCK_TAINT}=true:NoSchedule`, '--overwrite');
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { version: '2.1.0' } });
    const degraded = await waitForApp(env.client, env.namespace, name, (a) => a.status?.phase === 'Degraded', 'phase Degraded');
    expect(condition(degraded, 'Degraded')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded' });
    expect(condition(degraded, 'Degraded')?.message).toMatch(/2\.1\.0 .* made no progress within progressDeadlineSeconds \(5s\).*set spec\.rollback\.automatic/);
    expect(condition(degraded, 'Ready')?.status).toBe('False');
    expect(await image()).toBe('cyclone/cyclone-web:v2.1.0');
  });

  it('with rollback.automatic, returns to the last known-good version, in status and an Event', async () => {
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { rollback: { automatic: true } } });
    const rolledBack = await waitForApp(env.client, env.namespace, name, (a) => a.status?.phase === 'RolledBack' && condition(a, 'Progressing')?.status === 'False', 'rolled back and settled');
    expect(await image()).toBe('cyclone/cyclone-web:v2.0.0');
    expect(rolledBack.status).toMatchObject({ version: '2.0.0', lastKnownGoodVersion: '2.0.0' });
    expect(rolledBack.status?.rollback?.message).toContain('rolled back to the last known-good 2.0.0');
    expect(condition(rolledBack, 'Degraded')).toMatchObject({ status: 'True', reason: 'RolledBack' });
    // spec keeps what the user asked for.
    expect(rolledBack.spec['version']).toBe('2.1.0');
    await waitFor(async () => (await eventReasons(env.client, env.namespace, name)).includes('RolledBack'), { description: 'a RolledBack Event' });
  });

  it('a new version, once nodes can take it, ends the rollback', async () => {
    kubectl('taint', 'node', node, `${BLOCK_TAINT}-`);
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { version: '2.2.0' } });
    const app = await waitForApp(env.client, env.namespace, name, (a) => a.status?.phase === 'Running' && a.status.lastKnownGoodVersion === '2.2.0', 'running 2.2.0');
    expect(app.status?.rollback).toBeUndefined();
    expect(await image()).toBe('cyclone/cyclone-web:v2.2.0');
  });

  it('with rollback.automatic set beforehand, a release that fails is rolled back without a hand', async () => {
    kubectl('taint', 'node', node, `${BLOCK_TAINT}=true:NoSchedule`, '--overwrite');
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { version: '2.3.0' } });
    const rolledBack = await waitForApp(env.client, env.namespace, name, (a) => a.status?.phase === 'RolledBack' && condition(a, 'Progressing')?.status === 'False', 'rolled back to 2.2.0');
    expect(rolledBack.status).toMatchObject({ version: '2.2.0', lastKnownGoodVersion: '2.2.0' });
    expect(rolledBack.status?.rollback?.message).toContain('2.3.0');
    expect(await image()).toBe('cyclone/cyclone-web:v2.2.0');
    kubectl('taint', 'node', node, `${BLOCK_TAINT}-`);
  });
});
