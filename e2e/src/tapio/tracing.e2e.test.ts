// The operator's reconciles traced with OpenTelemetry, opted into through the standard OTEL_*
// variables only: the operator process exports its spans over OTLP/HTTP (protobuf) to a real
// endpoint this test runs, one span per reconcile with the object's kind, namespace, name and the
// result.
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';
import { example, TapioClusters, waitForReady, WITHOUT_WEBHOOKS } from './support.ts';

const OTEL_ENVIRONMENT = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_BSP_SCHEDULE_DELAY'] as const;

describe('Tapio reconcile tracing', () => {
  const receiver = new OtlpReceiver();
  // Before useOperator's beforeAll starts the process, which inherits this environment.
  beforeAll(async () => {
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = await receiver.start();
    process.env['OTEL_BSP_SCHEDULE_DELAY'] = '200';
  });
  const env = useOperator('tapio-operator', 'tapio-tracing', WITHOUT_WEBHOOKS);
  afterAll(async () => {
    for (const name of OTEL_ENVIRONMENT) delete process.env[name];
    await receiver.stop();
  });

  const spanOf = (kind: string, name: string) => (span: ReceivedSpan) =>
    span.name === `reconcile ${kind}` && span.attributes['k8s.object.name'] === name && span.attributes['k8s.namespace.name'] === env.namespace;

  it('exports one span per reconcile to the OTLP endpoint the environment names', async () => {
    await env.client.create(TapioClusters, example('minimal-development.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    const cluster = await waitFor(() => receiver.spans.find(spanOf('TapioCluster', 'dev')), { description: 'a span of a TapioCluster reconcile' });
    expect(cluster).toMatchObject({
      kind: 1, // internal
      resource: { 'service.name': 'tapio-operator' },
      attributes: { 'reconcile.controller': 'tapiocluster', 'k8s.object.kind': 'TapioCluster', 'k8s.object.api_version': 'tapio.io/v1alpha1' },
    });
    expect(['success', 'requeue', 'requeue_after', 'error']).toContain(cluster.attributes['reconcile.result']);
    expect(cluster.traceId).toMatch(/^[0-9a-f]{32}$/);
    // The children the cluster made are reconciled by their own controllers, each traced.
    await waitFor(() => receiver.spans.some(spanOf('TapioCollector', 'dev-kubernetes')) && receiver.spans.some(spanOf('TapioIntelligence', 'dev')), {
      description: 'spans of the TapioCollector and TapioIntelligence reconciles',
    });
    // Each reconcile is a span of its own, with its own id, and a successful one is not an error.
    const ids = receiver.spans.map((s) => s.attributes['reconcile.id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(receiver.spans.filter((s) => s.attributes['reconcile.result'] === 'success').every((s) => s.statusCode !== 2)).toBe(true);
    expect(receiver.rejected).toEqual([]);
  });
});
