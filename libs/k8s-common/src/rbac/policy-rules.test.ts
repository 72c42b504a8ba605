import { renderPolicyRulesYaml } from './policy-rules.ts';

describe('renderPolicyRulesYaml', () => {
  it('renders one flow-style rule per entry under a header naming the source', () => {
    const yaml = renderPolicyRulesYaml([
      { apiGroups: ['example.dev'], resources: ['foos'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['example.dev'], resources: ['foos/status'], verbs: ['patch'] },
    ], { source: 'packages/foo-operator/src/rbac.ts' });
    expect(yaml).toBe(`# Generated from packages/foo-operator/src/rbac.ts; do not edit.
- apiGroups: [example.dev]
  resources: [foos]
  verbs: [get, list, watch]
- apiGroups: [example.dev]
  resources: [foos/status]
  verbs: [patch]
`);
  });

  it('refuses wildcards and empty rules', () => {
    expect(() => renderPolicyRulesYaml([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }], { source: 's' })).toThrow(/wildcard/);
    expect(() => renderPolicyRulesYaml([{ apiGroups: [''], resources: [], verbs: ['get'] }], { source: 's' })).toThrow(/without resources/);
  });
});
