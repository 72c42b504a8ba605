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
});
