import { aTickStorm, exampleTickStorm } from '../../test/fixtures.ts';
import { desiredRoleBinding } from './role-binding.ts';

describe('desiredRoleBinding', () => {
  it('binds <name>-role to the ServiceAccount <name> of the namespace', () => {
    const binding = desiredRoleBinding(aTickStorm());
    expect(binding.metadata?.name).toBe('tick-storm-rolebinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'tick-storm', namespace: 'tick-storm' }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tick-storm-role' });
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredRoleBinding(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
