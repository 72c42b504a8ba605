import { aTickStorm, withName, withSpec } from '../../test/fixtures.ts';
import * as names from './metadata.ts';

describe('child names', () => {
  it("are the seed's for a TickStorm named tick-storm", () => {
    const tickStorm = aTickStorm();
    expect({
      deployment: names.deploymentName(tickStorm),
      serviceAccount: names.serviceAccountName(tickStorm),
      role: names.roleName(tickStorm),
      roleBinding: names.roleBindingName(tickStorm),
      configMap: names.configMapName(tickStorm),
      authSecret: names.authSecretName(tickStorm),
      clientService: names.clientServiceName(tickStorm),
      headlessService: names.headlessServiceName(tickStorm),
      autoscaler: names.autoscalerName(tickStorm),
      disruptionBudget: names.disruptionBudgetName(tickStorm),
      networkPolicy: names.networkPolicyName(tickStorm),
      serviceMonitor: names.serviceMonitorName(tickStorm),
      resourceQuota: names.resourceQuotaName(tickStorm),
      limitRange: names.limitRangeName(tickStorm),
      certificate: names.certificateName(tickStorm),
    }).toEqual({
      deployment: 'tick-storm',
      serviceAccount: 'tick-storm',
      role: 'tick-storm-role',
      roleBinding: 'tick-storm-rolebinding',
      configMap: 'tick-storm-config',
      authSecret: 'tick-storm-auth',
      clientService: 'tick-storm-service',
      headlessService: 'tick-storm-headless',
      autoscaler: 'tick-storm-hpa',
      disruptionBudget: 'tick-storm-pdb',
      networkPolicy: 'tick-storm-netpol',
      serviceMonitor: 'tick-storm',
      resourceQuota: 'tick-storm-quota',
      limitRange: 'tick-storm-limits',
      certificate: 'tick-storm-tls',
    });
  });

  it('keep the Services within 63 characters for the longest name admission accepts (54)', () => {
    const tickStorm = aTickStorm(withName('a'.repeat(54)));
    expect(names.clientServiceName(tickStorm).length).toBeLessThanOrEqual(63);
    expect(names.headlessServiceName(tickStorm).length).toBeLessThanOrEqual(63);
  });

  it("use the user's Secrets when the spec names them", () => {
    const tickStorm = aTickStorm(withSpec({ auth: { secretName: 'my-auth' }, tls: { secretName: 'my-tls' } }));
    expect(names.authSecretName(tickStorm)).toBe('my-auth');
    expect(names.tlsSecretName(tickStorm)).toBe('my-tls');
  });

  it("use the Certificate's Secret with tls.certificate, and none without tls", () => {
    expect(names.tlsSecretName(aTickStorm(withSpec({ tls: { certificate: { issuerRef: { name: 'ca' } } } })))).toBe('tick-storm-tls');
    expect(names.tlsSecretName(aTickStorm())).toBeUndefined();
  });
});

describe('labels', () => {
  it('are the app.kubernetes.io set; selectors use name, instance and component only', () => {
    const tickStorm = aTickStorm();
    expect(names.tickStormLabels(tickStorm)).toEqual({
      'app.kubernetes.io/name': 'tick-storm',
      'app.kubernetes.io/instance': 'tick-storm',
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/part-of': 'tick-storm',
      'app.kubernetes.io/managed-by': 'tickstorm-operator',
    });
    expect(names.serverSelectorLabels(tickStorm)).toEqual({
      'app.kubernetes.io/name': 'tick-storm',
      'app.kubernetes.io/instance': 'tick-storm',
      'app.kubernetes.io/component': 'server',
    });
  });

  it('childMetadata puts the child in the namespace, owned by the TickStorm', () => {
    expect(names.childMetadata(aTickStorm(), 'x')).toMatchObject({
      name: 'x',
      namespace: 'tick-storm',
      ownerReferences: [{ apiVersion: 'tickstorm.io/v1alpha1', kind: 'TickStorm', name: 'tick-storm', controller: true, blockOwnerDeletion: true }],
    });
  });
});
