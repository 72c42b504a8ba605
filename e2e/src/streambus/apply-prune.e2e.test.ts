import type { V1PodTemplateSpec, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { cluster, StreamBusClusters, useStreamBusOperator, waitForPhase } from './support.ts';

const NAME = 'prune';
const RESYNC_MS = 5_000; // the operator's --resync-period in support.ts

describe('StreamBus operator: fields removed from the spec leave the StatefulSet', () => {
  const env = useStreamBusOperator('sb-prune');

  const template = async (): Promise<V1PodTemplateSpec> =>
    (await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, NAME, env.namespace)).spec!.template;
  const removeFromSpec = (spec: Record<string, unknown>) => env.client.patch(StreamBusClusters, NAME, env.namespace, { spec });

  it('applies each removal, also one made while the operator was stopped, then writes nothing', async () => {
    await env.client.create(StreamBusClusters, {
      ...cluster(NAME, {
        replicas: 1,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        podAnnotations: { 'example.com/scrape': 'true' },
        podLabels: { team: 'storage' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'streambus', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
      }),
      metadata: { name: NAME, namespace: env.namespace },
    });
    await waitForPhase(env.client, env.namespace, NAME, 'Running');
    const created = await template();
    expect(created.metadata?.annotations?.['example.com/scrape']).toBe('true');
    expect(created.metadata?.labels?.['team']).toBe('storage');
    expect(created.spec?.tolerations).toHaveLength(1);
    expect(created.spec?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(created.spec?.containers[0]?.resources?.limits?.['memory']).toBe('512Mi');

    await removeFromSpec({ podAnnotations: null, tolerations: null, resources: { limits: { memory: null } } });
    await waitFor(async () => {
      const t = await template();
      return t.metadata?.annotations?.['example.com/scrape'] === undefined && t.spec?.tolerations === undefined && t.spec?.containers[0]?.resources?.limits?.['memory'] === undefined;
    }, { description: 'podAnnotations, tolerations and limits.memory removed from the pod template' });
    expect((await template()).spec?.containers[0]?.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1' } });

    // A restart empties the operator's memory of what it applied: the removal must still be seen.
    expect(await env.operator.stop()).toBe(0);
    await removeFromSpec({ podLabels: null, nodeSelector: null });
    await env.operator.start();
    await waitFor(async () => {
      const t = await template();
      return t.metadata?.labels?.['team'] === undefined && t.spec?.nodeSelector === undefined;
    }, { description: 'podLabels and nodeSelector removed after the restart' });
    await waitForPhase(env.client, env.namespace, NAME, 'Running');

    // Events from the rollouts are flushed up to 30 s late; any other write would be the applier's.
    const applyWrites = async () => Object.fromEntries(Object.entries(await env.operator.writesByResource()).filter(([key]) => !key.endsWith(' events')));
    await sleep(2_000);
    const before = await applyWrites();
    const reconciles = await env.operator.metric('controller_runtime_reconcile_total');
    await sleep(2 * RESYNC_MS + 1_000);
    expect(await env.operator.metric('controller_runtime_reconcile_total')).toBeGreaterThanOrEqual(reconciles + 2);
    expect(await applyWrites()).toEqual(before);
  }, 300_000);
});
