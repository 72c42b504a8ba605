import { aTickStorm, exampleTickStorm } from '../../test/fixtures.ts';
import { desiredServiceAccount } from './service-account.ts';

describe('desiredServiceAccount', () => {
  it('is <name>, owned by the TickStorm', () => {
    const account = desiredServiceAccount(aTickStorm());
    expect(account.metadata).toMatchObject({ name: 'tick-storm', namespace: 'tick-storm', ownerReferences: [expect.objectContaining({ kind: 'TickStorm' })] });
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredServiceAccount(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
