import { aTickStorm, exampleTickStorm, withSpec } from '../../test/fixtures.ts';
import { desiredRole } from './role.ts';

describe('desiredRole', () => {
  it("grants the seed's reads, narrowed to the TickStorm's own ConfigMap and Secret", () => {
    expect(desiredRole(aTickStorm()).rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['tick-storm-config'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['tick-storm-auth'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  it('names the TLS and client CA Secrets too, and the user\'s auth Secret', () => {
    const role = desiredRole(aTickStorm(withSpec({ auth: { secretName: 'creds' }, tls: { secretName: 'tls', clientAuth: 'require_verify', clientCASecretName: 'ca' } })));
    expect(role.rules?.[1]?.resourceNames).toEqual(['creds', 'tls', 'ca']);
  });

  it('is <name>-role', () => {
    expect(desiredRole(aTickStorm()).metadata?.name).toBe('tick-storm-role');
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredRole(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
