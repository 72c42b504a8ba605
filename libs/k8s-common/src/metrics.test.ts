import { OperatorMetrics, resourceOfPath } from './metrics.ts';

describe('OperatorMetrics', () => {
  it('names resources from request paths', () => {
    expect(resourceOfPath('/apis/apps/v1/namespaces/x/statefulsets/y/status')).toBe('statefulsets/status');
    expect(resourceOfPath('/api/v1/namespaces/x/configmaps')).toBe('configmaps');
    expect(resourceOfPath('/api/v1/namespaces/x')).toBe('namespaces');
    expect(resourceOfPath('/apis/coordination.k8s.io/v1/namespaces/ns/leases/op-leader')).toBe('leases');
    expect(resourceOfPath('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b')).toBe('customresourcedefinitions');
  });

  it('exports controller-runtime names and the prefixed operator names', async () => {
    const metrics = new OperatorMetrics({ prefix: 'demo_operator', processMetrics: false });
    metrics.observeReconcile('c', 'error', 0.1);
    metrics.observeRequest({ method: 'PATCH', path: '/api/v1/namespaces/a/configmaps/b', code: 200, seconds: 0.01, watch: false });
    metrics.observeRequest({ method: 'GET', path: '/api/v1/namespaces/a/configmaps/b', code: 200, seconds: 0.01, watch: false });
    const text = await metrics.registry.metrics();
    expect(text).toContain('controller_runtime_reconcile_total{controller="c",result="error"} 1');
    expect(text).toContain('controller_runtime_reconcile_errors_total{controller="c"} 1');
    expect(text).toContain('demo_operator_reconcile_errors_total{controller="c"} 1');
    expect(text).toContain('demo_operator_reconcile_duration_seconds_bucket');
    expect(text).toContain('operator_api_writes_total{resource="configmaps",method="PATCH"} 1');
    expect(text).toContain('rest_client_requests_total{code="200",method="GET",host="kube-apiserver"} 1');
  });

  it('exports the conditions of the listed objects at every scrape, and drops those no longer listed', async () => {
    const metrics = new OperatorMetrics({ prefix: 'demo_operator', processMetrics: false });
    let objects = [
      { metadata: { namespace: 'a', name: 'failed' }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Degraded', status: 'Unknown' }] } },
      { metadata: { namespace: 'a', name: 'healthy' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { metadata: { namespace: 'b', name: 'new' } },
    ];
    metrics.exportConditions('Demo', () => objects);
    const series = async () => (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith('demo_operator_resource_condition{')).sort();
    expect(await series()).toEqual([
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="failed",condition="Degraded",status="False"} 0',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="failed",condition="Degraded",status="True"} 0',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="failed",condition="Degraded",status="Unknown"} 1',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="failed",condition="Ready",status="False"} 1',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="failed",condition="Ready",status="True"} 0',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="failed",condition="Ready",status="Unknown"} 0',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="healthy",condition="Ready",status="False"} 0',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="healthy",condition="Ready",status="True"} 1',
      'demo_operator_resource_condition{kind="Demo",namespace="a",name="healthy",condition="Ready",status="Unknown"} 0',
    ]);
    objects = [objects[1]!];
    expect(await series()).toHaveLength(3);
  });

  it('names the condition metric operator_resource_condition without a prefix', async () => {
    const metrics = new OperatorMetrics({ processMetrics: false });
    metrics.exportConditions('Demo', () => [{ metadata: { name: 'x' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }]);
    expect(await metrics.registry.metrics()).toContain('operator_resource_condition{kind="Demo",namespace="",name="x",condition="Ready",status="True"} 1');
  });
});
