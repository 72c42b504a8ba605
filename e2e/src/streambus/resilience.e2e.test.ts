import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { brokerPods, cluster, condition, eventsFor, StreamBusClusters, useStreamBusOperator, waitForPhase, type Sbc } from './support.ts';

describe('StreamBus operator: validation, failures and restarts', () => {
  const env = useStreamBusOperator('sb-res');

  const rejection = async (name: string, spec: Record<string, unknown>): Promise<string> => {
    try {
      await env.client.create(StreamBusClusters, { ...cluster(name, spec), metadata: { name, namespace: env.namespace } });
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 422) return err.message;
      throw err;
    }
    throw new Error(`StreamBusCluster ${name} was accepted`);
  };

  it('rejects invalid specs at admission with a message naming the field', async () => {
    expect(await rejection('neg', { replicas: -1 })).toMatch(/spec\.replicas/);
    expect(await rejection('tls', { security: { tls: { enabled: true } } })).toMatch(/spec\.security\.tls.*certSecretName/s);
    expect(await rejection('ca', { security: { tls: { enabled: true, certSecretName: 'c', clientAuthRequired: true } } })).toMatch(/caSecretName/);
    expect(await rejection('mtls', { security: { authentication: { enabled: true, method: 'mtls' } } })).toMatch(/spec\.security.*(tls|TLS)/s);
    expect(await rejection('sampling', { observability: { tracing: { enabled: true, endpoint: 'x:4317', samplingRate: 2 } } })).toMatch(/spec\.observability\.tracing\.samplingRate/);
    expect(await rejection('loglevel', { config: { logLevel: 'loud' } })).toMatch(/spec\.config\.logLevel/);
  });

  it('rejects a change of volume size, which volume claim templates cannot follow', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('sized', { replicas: 1 }), metadata: { name: 'sized', namespace: env.namespace } });
    const err: unknown = await env.client.patch(StreamBusClusters, 'sized', env.namespace, { spec: { storage: { size: '20Gi' } } }).then(() => undefined, (e: unknown) => e);
    expect(err instanceof ApiError && err.statusCode === 422).toBe(true);
    expect((err as Error).message).toMatch(/spec\.storage\.size.*immutable/s);
  });

  it('reports a missing TLS Secret as Ready=False SecretNotFound with an Event, then recovers', async () => {
    const spec = { replicas: 1, security: { tls: { enabled: true, certSecretName: 'later-tls' } } };
    await env.client.create(StreamBusClusters, { ...cluster('nosecret', spec), metadata: { name: 'nosecret', namespace: env.namespace } });
    const failed = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'nosecret', env.namespace);
      return condition(c, 'Ready')?.reason === 'SecretNotFound' && c;
    }, { description: 'Ready=False SecretNotFound' });
    expect(condition(failed, 'Ready')).toMatchObject({ status: 'False' });
    expect(condition(failed, 'Ready')?.message).toContain('later-tls');
    await waitFor(async () => (await eventsFor(env.client, env.namespace, 'nosecret')).some((e) => e.reason === 'SecretNotFound'), { description: 'SecretNotFound Event' });
    expect(await env.client.tryGet(ResourceTypes.StatefulSet, 'nosecret', env.namespace)).toBeUndefined();
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'later-tls', namespace: env.namespace }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    await waitForPhase(env.client, env.namespace, 'nosecret', 'Running', 60_000);
    expect(env.operator.logs()).not.toContain('eQ=='); // the Secret's data never reaches a log line
  });

  it('converges after being killed in the middle of a rollout', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('crash'), metadata: { name: 'crash', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'crash', 'Running');
    await env.client.patch(StreamBusClusters, 'crash', env.namespace, { spec: { image: { tag: 'v0.7.0' } } });
    await waitFor(async () => (await eventsFor(env.client, env.namespace, 'crash')).some((e) => e.reason === 'RollingBroker'), { intervalMs: 50, description: 'the rollout to start' });
    await env.operator.kill();
    await env.operator.start();
    await waitFor(async () => {
      const pods = await brokerPods(env.client, env.namespace, 'crash');
      const c = await env.client.get<Sbc>(StreamBusClusters, 'crash', env.namespace);
      return c.status?.phase === 'Running' && c.status.observedGeneration === c.metadata.generation && pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === 'streambus/broker:v0.7.0');
    }, { timeoutMs: 90_000, description: 'every broker on v0.7.0 and Running after the restart' });
  });

  it('makes no write during 30 s of steady state with 10 clusters', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `steady-${i}`);
    for (const name of names) await env.client.create(StreamBusClusters, { ...cluster(name, { replicas: 1 }), metadata: { name, namespace: env.namespace } });
    for (const name of names) await waitForPhase(env.client, env.namespace, name, 'Running');
    // Steady state starts once the operator has stopped writing: Event series from earlier
    // activity are flushed up to 30 s late (that is what keeps a hot loop from flooding events).
    let settled = await env.operator.writeCount();
    await waitFor(async () => {
      await sleep(31_000);
      const now = await env.operator.writeCount();
      const quiet = now === settled;
      settled = now;
      return quiet;
    }, { timeoutMs: 100_000, intervalMs: 0, description: 'the operator to stop writing' });
    expect(settled).toBeGreaterThan(0); // the counter counts: converging these clusters took writes
    const before = await env.operator.writesByResource();
    const reconciles = await env.operator.metric('controller_runtime_reconcile_total');
    await sleep(30_000);
    // Resyncs every 5 s reconciled all 10 (and the other clusters) several times: no write came of it.
    expect(await env.operator.metric('controller_runtime_reconcile_total')).toBeGreaterThan(reconciles + 50);
    expect(await env.operator.writesByResource()).toEqual(before);
  }, 240_000);

  it('creates a ServiceMonitor only once the prometheus-operator CRD exists', async () => {
    const spec = { replicas: 1, observability: { metrics: { enabled: true, serviceMonitor: true, serviceMonitorLabels: { release: 'kube-prometheus' } } } };
    await env.client.create(StreamBusClusters, { ...cluster('monitored', spec), metadata: { name: 'monitored', namespace: env.namespace } });
    const skipped = await waitForPhase(env.client, env.namespace, 'monitored', 'Running');
    // Other test files never install this CRD, so it is absent unless a previous run left it.
    const installed = Boolean(await env.client.tryGet(ResourceTypes.CustomResourceDefinition, 'servicemonitors.monitoring.coreos.com'));
    if (!installed) expect(condition(skipped, 'ServiceMonitor')).toMatchObject({ status: 'False' });

    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    for (const file of readdirSync(crdDir)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(crdDir, file)], { stdio: 'pipe' });
    await waitFor(async () => env.client.tryGet(ResourceTypes.ServiceMonitor, 'monitored', env.namespace).catch(() => undefined), {
      timeoutMs: 90_000,
      description: 'the ServiceMonitor to be created after the CRD appeared',
    });
    const sm = await env.client.get<{ metadata: { labels?: Record<string, string> } }>(ResourceTypes.ServiceMonitor, 'monitored', env.namespace);
    expect(sm.metadata.labels?.['release']).toBe('kube-prometheus');
    await waitFor(async () => condition(await env.client.get<Sbc>(StreamBusClusters, 'monitored', env.namespace), 'ServiceMonitor')?.status === 'True', { description: 'ServiceMonitor condition True' });
  });
});
