import { matchesNodeSelectorTerms, type NodeFacts } from './node-selector.ts';

const node: NodeFacts = { name: 'n1', labels: { zone: 'a', cores: '32', 'cyclone.dev/rdma-capable': 'true' } };

describe('matchesNodeSelectorTerms', () => {
  it.each<[string, Parameters<typeof matchesNodeSelectorTerms>[1], boolean]>([
    ['no constraint', undefined, true],
    ['no terms at all', [], false],
    ['an empty term', [{}], false],
    ['In, matching', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }], true],
    ['In, not matching', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }], false],
    ['In on a missing label', [{ matchExpressions: [{ key: 'ssd', operator: 'In', values: ['true'] }] }], false],
    ['NotIn on a missing label', [{ matchExpressions: [{ key: 'ssd', operator: 'NotIn', values: ['true'] }] }], true],
    ['NotIn, excluded', [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }], false],
    ['Exists', [{ matchExpressions: [{ key: 'cyclone.dev/rdma-capable', operator: 'Exists' }] }], true],
    ['DoesNotExist', [{ matchExpressions: [{ key: 'cyclone.dev/rdma-capable', operator: 'DoesNotExist' }] }], false],
    ['Gt', [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['16'] }] }], true],
    ['Lt', [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['16'] }] }], false],
    ['Gt on a label that is not a number', [{ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] }], false],
    ['an unknown operator', [{ matchExpressions: [{ key: 'zone', operator: 'Like', values: ['a'] }] }], false],
    ['requirements of a term are ANDed', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'ssd', operator: 'Exists' }] }], false],
    [
      'terms are ORed',
      [{ matchExpressions: [{ key: 'ssd', operator: 'Exists' }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      true,
    ],
    ['matchFields on the node name', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }], true],
    ['matchFields on another field', [{ matchFields: [{ key: 'spec.podCIDR', operator: 'Exists' }] }], false],
  ])('%s', (_name, terms, expected) => {
    expect(matchesNodeSelectorTerms(node, terms)).toBe(expected);
  });
});
