// A CycloneApp stored before a validation rule existed (a CRD upgraded under it): the operator
// reports Ready=False InvalidSpec naming the field, changes no child, keeps running and makes no
// write while it stays so; fixing the spec resumes it. The test recreates that history on the
// shared CRD by removing one CEL rule (tracing's endpoint, which no other test relies on) for as
// long as one write takes, then putting the chart's CRD back.
import { join } from 'node:path';
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { repoRoot, useOperator } from '../support/operator-process.ts';
import { condition, CycloneApps, eventReasons, kubectl, plainApp, waitForApp, waitForReady, type App } from './support.ts';

const CRD = 'cycloneapps.cyclone.dev';
const TRACING_RULES = '/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/observability/properties/tracing/x-kubernetes-validations';

/** The CRD without tracing's `endpoint is required when tracing is enabled` rule; a no-op when already gone. */
function dropTracingRule(): void {
  try {
    kubectl('patch', 'crd', CRD, '--type', 'json', '-p', JSON.stringify([{ op: 'remove', path: TRACING_RULES }]));
  } catch {
    // Already removed.
  }
}

function restoreCrd(): void {
  kubectl('apply', '--server-side', '--force-conflicts', '-f', join(repoRoot, 'charts', 'cyclone-operator', 'crds'));
}

describe('CycloneApp stored before a rule existed', () => {
  const env = useOperator('cyclone-operator', 'cyclone-stale');
  const name = 'stale';
  const deployment = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);
  const configToml = async () => (await env.client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${name}-config`, env.namespace)).data?.['config.toml'];

  afterAll(restoreCrd);

  it('reports Ready=False InvalidSpec naming the field, changes no child, and resumes once fixed', async () => {
    await env.client.create(CycloneApps, { ...plainApp(name, { replicas: 1 }), metadata: { name, namespace: env.namespace } });
    await waitForReady(env.client, env.namespace, name);
    const before = { generation: (await deployment()).metadata?.generation, config: await configToml() };

    // A version bump and tracing without its endpoint, written while the rule is missing (the CRD's
    // new schema reaches the API server's handler a moment after the patch, hence the retries).
    try {
      await waitFor(async () => {
        dropTracingRule();
        return env.client
          .patch(CycloneApps, name, env.namespace, { spec: { version: '2.1.0', observability: { tracing: { enabled: true } } } })
          .then(() => true, () => false);
      }, { timeoutMs: 30_000, description: 'the invalid spec stored' });
    } finally {
      restoreCrd();
    }

    const invalid = await waitForApp(env.client, env.namespace, name, (a) => condition(a, 'Ready')?.reason === 'InvalidSpec' && a.status?.observedGeneration === a.metadata.generation, 'Ready=False InvalidSpec');
    expect(condition(invalid, 'Ready')).toMatchObject({ status: 'False', message: expect.stringContaining('spec.observability.tracing.endpoint: endpoint is required when tracing is enabled') });
    expect(invalid.status).toMatchObject({ phase: 'Failed', lastKnownGoodVersion: '2.0.0', version: '2.0.0' });
    await waitFor(async () => (await eventReasons(env.client, env.namespace, name)).includes('InvalidSpec'), { description: 'an InvalidSpec Event' });

    // Resyncs (--resync-period=5s) later: the children are as they were, the operator runs and writes nothing.
    const writes = async () => Object.fromEntries(Object.entries(await env.operator.writesByResource()).filter(([key]) => !key.endsWith(' events')));
    const writesBefore = await writes();
    await sleep(12_000);
    expect(await writes()).toEqual(writesBefore);
    expect(env.operator.exitCode()).toBeUndefined();
    const live = await deployment();
    expect({ generation: live.metadata?.generation, config: await configToml() }).toEqual(before);
    expect(live.spec?.template.spec?.containers[0]?.image).toBe('cyclone/cyclone-web:v2.0.0');

    await env.client.patch(CycloneApps, name, env.namespace, { spec: { observability: { tracing: { endpoint: 'otel-collector:4317' } } } });
    const fixed = await waitForApp(env.client, env.namespace, name, (a: App) => a.status?.lastKnownGoodVersion === '2.1.0' && a.status.phase === 'Running', 'running 2.1.0');
    expect(condition(fixed, 'Ready')?.status).toBe('True');
    expect(await configToml()).toContain('otel-collector:4317');
  });
});
