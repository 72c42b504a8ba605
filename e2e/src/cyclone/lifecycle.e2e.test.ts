// A CycloneApp's life with the operator running as `npm start` runs it, with the chart's RBAC:
// Ready, the seed's ConfigMap hot reload kept without a restart, a version bump rolled out, drift
// (a hand edit, `kubectl rollout undo`) put back, the autoscaler owning replicas, optional fields
// removed with what they made, invalid specs refused naming the field, no write in the steady
// state, and deletion cleaning up.
import type { V1ConfigMap, V1Deployment, V2HorizontalPodAutoscaler, V1Pod } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, CycloneApps, eventReasons, kubectl, kubectlError, plainApp, waitForApp, waitForReady, type App } from './support.ts';

describe('CycloneApp lifecycle', () => {
  const env = useOperator('cyclone-operator', 'cyclone-life');
  const name = 'web';
  const deployment = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);
  const podUids = async () =>
    (await env.client.list<V1Pod>(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: `app=${name}` })).items.map((p) => p.metadata!.uid!).sort();

  it('reaches Ready with its children, and the version as the seed spells the image', async () => {
    await env.client.create(CycloneApps, { ...plainApp(name), metadata: { name, namespace: env.namespace } });
    const app = await waitForReady(env.client, env.namespace, name);
    expect(app.status).toMatchObject({ phase: 'Running', readyReplicas: 2, version: '2.0.0', lastKnownGoodVersion: '2.0.0' });
    expect((await deployment()).spec?.template.spec?.containers[0]?.image).toBe('cyclone/cyclone-web:v2.0.0');
    for (const [type, child] of [[ResourceTypes.ConfigMap, `${name}-config`], [ResourceTypes.Service, `${name}-service`], [ResourceTypes.PodDisruptionBudget, name]] as const) {
      expect(await env.client.tryGet(type, child, env.namespace)).toBeDefined();
    }
    // No autoscaling block, no autoscaler.
    expect(await env.client.tryGet(ResourceTypes.HorizontalPodAutoscaler, `${name}-hpa`, env.namespace)).toBeUndefined();
    // Without --prometheus-url the figures stay empty and a condition says why.
    expect(condition(app, 'PerformanceMetrics')).toMatchObject({ status: 'False', reason: 'PrometheusNotConfigured' });
    expect(app.status).not.toHaveProperty('performance');
  });

  it("keeps the seed's `kubectl patch configmap` edit of config.toml, and restarts no pod", async () => {
    const before = { pods: await podUids(), generation: (await deployment()).metadata?.generation };
    const edited = '[server]\nworkers = 8\n';
    kubectl('patch', 'configmap', `${name}-config`, '-n', env.namespace, '--type', 'merge', '-p', JSON.stringify({ data: { 'config.toml': edited } }));
    const app = await waitForApp(env.client, env.namespace, name, (a) => condition(a, 'ConfigOverridden')?.status === 'True', 'ConfigOverridden=True');
    expect(condition(app, 'ConfigOverridden')?.reason).toBe('HandEdited');
    // Several resyncs (--resync-period=5s) later the edit is still there and no pod was replaced.
    await sleep(12_000);
    const configMap = await env.client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${name}-config`, env.namespace);
    expect(configMap.data?.['config.toml']).toBe(edited);
    expect({ pods: await podUids(), generation: (await deployment()).metadata?.generation }).toEqual(before);
  });

  it("a change of the CycloneApp's own configuration replaces the edit, with an Event, and restarts no pod", async () => {
    const before = await podUids();
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { config: { cache: { size_mb: 512 } } } });
    const app = await waitForApp(env.client, env.namespace, name, (a) => !condition(a, 'ConfigOverridden') && a.status?.observedGeneration === a.metadata.generation, 'ConfigOverridden gone');
    expect(app.status?.phase).toBe('Running');
    const content = (await env.client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${name}-config`, env.namespace)).data?.['config.toml'] ?? '';
    expect(content).toMatch(/\[cache\]\s*\nsize_mb = 512/);
    expect(content).not.toContain('workers = 8');
    await waitFor(async () => (await eventReasons(env.client, env.namespace, name)).includes('ConfigEditReplaced'), { description: 'a ConfigEditReplaced Event' });
    // spec.config is reloaded by the app: no new pods.
    expect(await podUids()).toEqual(before);
  });

  it('rolls out a version bump without downtime, and records the new last known-good version', async () => {
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { version: '2.1.0' } });
    const app = await waitForApp(env.client, env.namespace, name, (a) => a.status?.lastKnownGoodVersion === '2.1.0' && a.status.phase === 'Running', 'running 2.1.0');
    expect(app.status?.version).toBe('2.1.0');
    const live = await deployment();
    expect(live.spec?.template.spec?.containers[0]?.image).toBe('cyclone/cyclone-web:v2.1.0');
    expect(live.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    expect(live.status?.updatedReplicas).toBe(2);
  });

  it('a change the app reads only at start (networking) replaces the pods; the config.toml follows', async () => {
    const before = await podUids();
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { networking: { zeroCopy: true } } });
    await waitForReady(env.client, env.namespace, name);
    await waitFor(async () => {
      const now = await podUids();
      return now.length === 2 && now.every((uid) => !before.includes(uid));
    }, { description: 'every pod replaced' });
    const content = (await env.client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${name}-config`, env.namespace)).data?.['config.toml'] ?? '';
    expect(content).toMatch(/zero_copy = true/);
  });

  it('puts back a hand edit of the Deployment, and `kubectl rollout undo`, with an Event', async () => {
    await env.client.patch(ResourceTypes.Deployment, name, env.namespace, { spec: { template: { spec: { containers: [{ name: 'cyclone', image: 'edited:by-hand' }] } } } }, 'strategic');
    await waitFor(async () => (await deployment()).spec?.template.spec?.containers[0]?.image === 'cyclone/cyclone-web:v2.1.0', { description: 'the image restored' });
    await waitFor(async () => (await eventReasons(env.client, env.namespace, name)).includes('DriftCorrected'), { description: 'a DriftCorrected Event' });
    await waitForReady(env.client, env.namespace, name);
    // The undo is one new generation, the operator's restore another.
    const beforeUndo = (await deployment()).metadata!.generation!;
    kubectl('rollout', 'undo', `deployment/${name}`, '-n', env.namespace);
    await waitFor(async () => {
      const live = await deployment();
      return live.metadata!.generation! >= beforeUndo + 2 && live.spec?.template.spec?.containers[0]?.image === 'cyclone/cyclone-web:v2.1.0' && live;
    }, { description: 'the rollout undo undone' });
    await waitForReady(env.client, env.namespace, name);
  });

  it('with autoscaling, the HPA carries the CPU and the RPS metric and the operator leaves replicas to it', async () => {
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { resources: { requests: { cpu: '500m' } }, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetRPS: 150000 } } });
    const hpa = await waitFor(() => env.client.tryGet<V2HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, `${name}-hpa`, env.namespace), { description: 'the HPA' });
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: 'Deployment', name } });
    const metrics = hpa.spec?.metrics ?? [];
    expect(metrics.find((m) => m.type === 'Resource')?.resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
    expect(metrics.find((m) => m.type === 'Pods')?.pods).toMatchObject({ metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue' } });
    expect(['150k', '150000']).toContain(String(metrics.find((m) => m.type === 'Pods')?.pods?.target.averageValue));
    await waitForReady(env.client, env.namespace, name);
    // As the HPA would: the operator must not put spec.replicas back.
    kubectl('scale', `deployment/${name}`, '-n', env.namespace, '--replicas=3');
    await sleep(12_000);
    expect((await deployment()).spec?.replicas).toBe(3);
  });

  it('removing the autoscaling block removes the HPA and gives replicas back to spec; removing tls removes its volume', async () => {
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'web-tls', namespace: env.namespace }, stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    await env.client.patch(CycloneApps, name, env.namespace, { spec: { tls: { enabled: true, certificateSecret: 'web-tls' } } });
    await waitFor(async () => (await deployment()).spec?.template.spec?.volumes?.some((v) => v.secret?.secretName === 'web-tls'), { description: 'the TLS volume' });
    await env.client.patch(CycloneApps, name, env.namespace, [{ op: 'remove', path: '/spec/tls' }, { op: 'remove', path: '/spec/autoscaling' }], 'json');
    const stored = await env.client.get<App>(CycloneApps, name, env.namespace);
    // Nothing defaults the block back: no block, no autoscaler.
    expect(stored.spec['autoscaling']).toBeUndefined();
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.HorizontalPodAutoscaler, `${name}-hpa`, env.namespace)), { description: 'the HPA deleted' });
    // The HPA had scaled the Deployment to 3 (kubectl scale above); spec.replicas is 2.
    await waitFor(async () => {
      const live = await deployment();
      return !live.spec?.template.spec?.volumes?.some((v) => v.secret) && live.spec?.replicas === 2;
    }, { description: 'the TLS volume removed and replicas back from spec' });
    await waitForReady(env.client, env.namespace, name);
  });

  it('refuses invalid specs at admission, naming the field', () => {
    const manifest = (spec: Record<string, unknown>) => JSON.stringify({ ...plainApp('bad'), metadata: { name: 'bad', namespace: env.namespace }, spec });
    expect(kubectlError(['apply', '-f', '-'], manifest({ tls: { enabled: true } }))).toMatch(/spec\.tls\.certificateSecret.*certificateSecret is required when tls.enabled is true/);
    expect(kubectlError(['apply', '-f', '-'], manifest({ replicas: -1 }))).toMatch(/spec\.replicas/);
    expect(kubectlError(['apply', '-f', '-'], manifest({ networking: { enableRDMA: 'yes' } }))).toMatch(/spec\.networking\.enableRDMA/);
    // Names the children derive from (<name>-service is a Service: DNS-1035, at most 63 characters).
    const named = (appName: string) => JSON.stringify({ ...plainApp(appName), metadata: { name: appName, namespace: env.namespace } });
    for (const appName of ['a'.repeat(56), 'my.app']) {
      expect(kubectlError(['apply', '-f', '-'], named(appName))).toContain('metadata.name must be a DNS-1035 label');
    }
  });

  it('makes no write in the steady state', async () => {
    // The last changes' Events are flushed a little after the writes they report.
    await sleep(3_000);
    // PATCH events are series counts of Events recorded earlier, sent up to 30 s after them (the
    // recorder's update interval); a new Event in the steady state would be a POST.
    const writes = async () => Object.fromEntries(Object.entries(await env.operator.writesByResource()).filter(([key]) => key !== 'PATCH events'));
    const before = await writes();
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect(await writes()).toEqual(before);
  });

  it('while paused, changes nothing; resumed, applies the spec', async () => {
    await env.client.patch(CycloneApps, name, env.namespace, { metadata: { annotations: { 'cyclone.dev/pause-reconciliation': 'true' } }, spec: { version: '2.2.0' } });
    const paused = await waitForApp(env.client, env.namespace, name, (a) => condition(a, 'Paused')?.status === 'True', 'Paused=True');
    expect(paused.status?.version).toBe('2.1.0');
    await sleep(6_000);
    expect((await deployment()).spec?.template.spec?.containers[0]?.image).toBe('cyclone/cyclone-web:v2.1.0');
    await env.client.patch(CycloneApps, name, env.namespace, { metadata: { annotations: { 'cyclone.dev/pause-reconciliation': null } } });
    await waitForApp(env.client, env.namespace, name, (a) => a.status?.lastKnownGoodVersion === '2.2.0' && !condition(a, 'Paused'), 'running 2.2.0, not paused');
  });

  it('deleting the app deletes its children and keeps the user Secret', async () => {
    await env.client.delete(CycloneApps, name, env.namespace);
    await waitFor(async () => {
      const left = await Promise.all([
        env.client.tryGet(ResourceTypes.Deployment, name, env.namespace),
        env.client.tryGet(ResourceTypes.ConfigMap, `${name}-config`, env.namespace),
        env.client.tryGet(ResourceTypes.Service, `${name}-service`, env.namespace),
        env.client.tryGet(ResourceTypes.PodDisruptionBudget, name, env.namespace),
      ]);
      return left.every((child) => child === undefined);
    }, { description: 'the children garbage-collected' });
    expect(await env.client.tryGet(ResourceTypes.Secret, 'web-tls', env.namespace)).toBeDefined();
    expect(await env.client.tryGet<App>(CycloneApps, name, env.namespace)).toBeUndefined();
  });
});
