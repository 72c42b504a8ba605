import { mergeEnv, placementFields, resourceRequirements } from './pod-template.ts';

describe('mergeEnv', () => {
  it('appends the user\'s variables and lets one of the same name replace the operator\'s in place', () => {
    expect(mergeEnv([{ name: 'A', value: '1' }, { name: 'B', value: '2' }], [{ name: 'B', value: 'mine' }, { name: 'C', value: '3' }])).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'mine' },
      { name: 'C', value: '3' },
    ]);
  });

  it('keeps the operator\'s without user variables', () => {
    expect(mergeEnv([{ name: 'A', value: '1' }], undefined)).toEqual([{ name: 'A', value: '1' }]);
  });
});

describe('placementFields', () => {
  it('copies only what the placement sets', () => {
    expect(placementFields(undefined)).toEqual({});
    expect(placementFields({ nodeSelector: { workload: 'data-intensive' }, priorityClassName: 'high' })).toEqual({ nodeSelector: { workload: 'data-intensive' }, priorityClassName: 'high' });
  });
});

describe('resourceRequirements', () => {
  it('writes quantities as strings and leaves out what is unset', () => {
    expect(resourceRequirements({ requests: { cpu: 1, memory: '1Gi' } })).toEqual({ requests: { cpu: '1', memory: '1Gi' } });
  });
});
