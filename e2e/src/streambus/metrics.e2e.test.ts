// What the StreamBus alerts read from the operator itself: streambus_operator_resource_condition,
// the status conditions of every StreamBusCluster, including one that never got a workload.
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { cluster, condition, StreamBusClusters, useStreamBusOperator, type Sbc } from './support.ts';

describe('StreamBus operator metrics', () => {
  const env = useStreamBusOperator('sb-metrics');

  const conditionSeries = async (name: string): Promise<string[]> => {
    const text = await (await fetch(`http://127.0.0.1:${env.operator.metricsPort}/metrics`)).text();
    return text.split('\n').filter((line) => line.startsWith('streambus_operator_resource_condition{') && line.includes(`namespace="${env.namespace}",name="${name}",`));
  };

  it('exports a Failed cluster without any broker as Ready=False, and forgets it once deleted', async () => {
    const spec = { replicas: 1, security: { tls: { enabled: true, certSecretName: 'absent-tls' } } };
    await env.client.create(StreamBusClusters, { ...cluster('failed', spec), metadata: { name: 'failed', namespace: env.namespace } });
    await waitFor(async () => condition(await env.client.get<Sbc>(StreamBusClusters, 'failed', env.namespace), 'Ready')?.reason === 'SecretNotFound', {
      description: 'Ready=False SecretNotFound',
    });
    expect(await env.client.tryGet(ResourceTypes.StatefulSet, 'failed', env.namespace)).toBeUndefined();

    const series = await waitFor(async () => {
      const lines = await conditionSeries('failed');
      return lines.some((l) => l.includes('condition="Ready",status="False"} 1')) && lines;
    }, { description: 'the Ready=False series of the failed cluster' });
    const labels = `kind="StreamBusCluster",namespace="${env.namespace}",name="failed",condition="Ready"`;
    expect(series).toEqual(
      expect.arrayContaining([`streambus_operator_resource_condition{${labels},status="True"} 0`, `streambus_operator_resource_condition{${labels},status="False"} 1`, `streambus_operator_resource_condition{${labels},status="Unknown"} 0`]),
    );

    await env.client.delete(StreamBusClusters, 'failed', env.namespace);
    await waitFor(async () => (await conditionSeries('failed')).length === 0, { description: 'the deleted cluster\'s series to go' });
  });
});
