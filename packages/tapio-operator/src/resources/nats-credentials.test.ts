import { aCluster } from '../../test/fixtures.ts';
import { desiredNatsCredentialsSecret } from './nats-credentials.ts';

describe('desiredNatsCredentialsSecret', () => {
  it('holds the platform user with the password the reconciler generated', () => {
    const secret = desiredNatsCredentialsSecret(aCluster(), { password: 's3cret' });
    expect(secret.metadata?.name).toBe('dev-nats-credentials');
    expect(secret.stringData).toEqual({ username: 'tapio', password: 's3cret' });
    expect(secret.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCluster', controller: true });
  });

  it('matches the snapshot', () => {
    expect(desiredNatsCredentialsSecret(aCluster(), { password: 'p' })).toMatchSnapshot();
  });
});
