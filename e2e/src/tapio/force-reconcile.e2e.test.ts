// The README's debug command, `kubectl annotate tapiocluster … tapio.io/force-reconcile="$(date +%s)"
// --overwrite`, reconciles at once. The operator resyncs only every 10 minutes here, and the NATS
// credentials Secret is a child no watch reports (the operator reads Secrets directly, it does not
// watch them): deleted by hand, it comes back only with the next reconcile, which the annotation brings.
import type { V1Secret } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { example, TapioClusters, waitForReady, WITHOUT_WEBHOOKS } from './support.ts';

const FORCE = 'tapio.io/force-reconcile';

describe('Tapio force-reconcile annotation', () => {
  const env = useOperator('tapio-operator', 'tapio-force', [...WITHOUT_WEBHOOKS, '--resync-period=10m']);
  const credentials = () => env.client.tryGet<V1Secret>(ResourceTypes.Secret, 'dev-nats-credentials', env.namespace);

  it('reconciles right after the annotation changes, not at the next resync', async () => {
    await env.client.create(TapioClusters, example('minimal-development.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    // Until the last status writes of the children have stopped reconciling the cluster (each would
    // re-create the Secret): no reconcile at all for 3 s.
    await waitFor(async () => {
      const before = await env.operator.metric('controller_runtime_reconcile_total');
      await sleep(3_000);
      return (await env.operator.metric('controller_runtime_reconcile_total')) === before;
    }, { timeoutMs: 90_000, intervalMs: 0, description: 'the operator to stop reconciling' });
    const original = await credentials();
    expect(original).toBeDefined();
    await env.client.delete(ResourceTypes.Secret, 'dev-nats-credentials', env.namespace);
    const reconciles = await env.operator.metric('controller_runtime_reconcile_total');
    await sleep(6_000); // nothing brings it back by itself before the resync, ten minutes away
    expect({ secret: await credentials(), reconciles: await env.operator.metric('controller_runtime_reconcile_total') }).toEqual({ secret: undefined, reconciles });
    await env.client.patch(TapioClusters, 'dev', env.namespace, { metadata: { annotations: { [FORCE]: String(Math.floor(Date.now() / 1000)) } } });
    const recreated = await waitFor(credentials, { timeoutMs: 10_000, description: 'the reconcile the annotation forces to re-create the Secret' });
    expect(recreated.metadata?.uid).not.toBe(original?.metadata?.uid);
  });
});
