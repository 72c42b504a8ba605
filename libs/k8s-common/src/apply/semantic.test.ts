import { firstDifference, isQuantityField, parseQuantity, semanticallyContains } from './semantic.ts';

const container = (resources: unknown) => ({ spec: { template: { spec: { containers: [{ name: 'c', resources }] } } } });

describe('semanticallyContains', () => {
  it('ignores fields only the live object has', () => {
    expect(semanticallyContains({ spec: { replicas: 3 } }, { spec: { replicas: 3, revisionHistoryLimit: 10 }, status: {} })).toBe(true);
  });
  it('sees a changed or missing desired field', () => {
    expect(semanticallyContains({ spec: { replicas: 3 } }, { spec: { replicas: 5 } })).toBe(false);
    expect(semanticallyContains({ metadata: { labels: { a: '1' } } }, { metadata: {} })).toBe(false);
  });
  it('compares arrays element by element and by length', () => {
    expect(semanticallyContains({ l: [{ a: 1 }] }, { l: [{ a: 1, b: 2 }] })).toBe(true);
    expect(semanticallyContains({ l: [{ a: 1 }] }, { l: [{ a: 1 }, { a: 2 }] })).toBe(false);
  });
  it('treats empty objects and arrays the server drops as equal', () => {
    expect(semanticallyContains({ securityContext: {}, args: [] }, {})).toBe(true);
  });

  it('compares quantities by value in resource requests and limits', () => {
    expect(semanticallyContains(container({ limits: { cpu: '2000m', memory: '1Gi' } }), container({ limits: { cpu: '2', memory: '1073741824' } }))).toBe(true);
    expect(semanticallyContains(container({ requests: { cpu: '0.3', memory: '1k' } }), container({ requests: { cpu: '300m', memory: '1000' } }))).toBe(true);
    expect(semanticallyContains(container({ requests: { cpu: 2 } }), container({ requests: { cpu: '2' } }))).toBe(true);
    expect(semanticallyContains(container({ requests: { cpu: '500m' } }), container({ requests: { cpu: '1' } }))).toBe(false);
    expect(semanticallyContains(container({ limits: { 'hugepages-2Mi': '1Gi' } }), container({ limits: { 'hugepages-2Mi': '1024Mi' } }))).toBe(true);
  });
  it('compares storage sizes, quotas, limit ranges, capacity, sizeLimit and overhead by value', () => {
    const claim = (storage: string) => ({ spec: { volumeClaimTemplates: [{ spec: { resources: { requests: { storage } } } }] } });
    expect(semanticallyContains(claim('1.5Gi'), claim('1536Mi'))).toBe(true);
    expect(semanticallyContains({ spec: { hard: { 'requests.cpu': '1000m', pods: '10' } } }, { spec: { hard: { 'requests.cpu': '1', pods: '1e1' } } })).toBe(true);
    expect(semanticallyContains({ spec: { limits: [{ type: 'Container', max: { cpu: '2000m' }, defaultRequest: { memory: '0.5Gi' } }] } },
      { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, defaultRequest: { memory: '512Mi' } }] } })).toBe(true);
    expect(semanticallyContains({ spec: { capacity: { storage: '1000Mi' } } }, { spec: { capacity: { storage: '1000M' } } })).toBe(false);
    expect(semanticallyContains({ volumes: [{ emptyDir: { sizeLimit: '1000Ki' } }] }, { volumes: [{ emptyDir: { sizeLimit: '1024000' } }] })).toBe(true);
    expect(semanticallyContains({ overhead: { podFixed: { memory: '120M' } } }, { overhead: { podFixed: { memory: '120000k' } } })).toBe(true);
  });

  it('compares strings as strings outside quantity fields', () => {
    expect(semanticallyContains({ data: { version: '1.1' } }, { data: { version: '1.10' } })).toBe(false);
    expect(semanticallyContains({ data: { size: '1000' } }, { data: { size: '1k' } })).toBe(false);
    expect(semanticallyContains({ env: [{ name: 'A', value: '2000m' }] }, { env: [{ name: 'A', value: '2' }] })).toBe(false);
    expect(semanticallyContains({ metadata: { labels: { tier: '01' } } }, { metadata: { labels: { tier: '1' } } })).toBe(false);
    expect(semanticallyContains({ s: 'abc' }, { s: 'abd' })).toBe(false);
  });
  it('tells a number from a string', () => {
    expect(semanticallyContains({ ports: [{ port: 8080 }] }, { ports: [{ port: '8080' }] })).toBe(false);
    expect(semanticallyContains({ ports: [{ targetPort: '8080' }] }, { ports: [{ targetPort: 8080 }] })).toBe(false);
    expect(semanticallyContains({ ports: [{ port: 8080 }] }, { ports: [{ port: 8080 }] })).toBe(true);
  });
  it('does not take a LimitRange key outside a LimitRange item for a quantity', () => {
    expect(semanticallyContains({ spec: { default: { value: '1.0' } } }, { spec: { default: { value: '1' } } })).toBe(false);
  });
});

describe('firstDifference', () => {
  it('names the first desired field live does not have', () => {
    const desired = { metadata: { annotations: { 'example.com/a': 'x' } }, spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] } };
    expect(firstDifference(desired, { metadata: { annotations: { 'example.com/a': 'x' } }, spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '2' }] }] } }))
      .toBe('spec.containers[0].env[0].value');
    expect(firstDifference(desired, { metadata: {}, spec: {} })).toBe('metadata.annotations');
    expect(firstDifference(desired, { metadata: { annotations: { 'example.com/a': 'y' } } })).toBe('metadata.annotations["example.com/a"]');
    expect(firstDifference({ l: [1, 2] }, { l: [1] })).toBe('l');
    expect(firstDifference('a', 'b')).toBe('(root)');
  });
  it('is undefined when live contains desired', () => {
    expect(firstDifference({ a: { b: [1] } }, { a: { b: [1] }, c: 2 })).toBeUndefined();
  });
});

describe('isQuantityField', () => {
  it('knows the quantity fields', () => {
    expect(isQuantityField(['spec', 'containers', 0, 'resources', 'limits', 'memory'])).toBe(true);
    expect(isQuantityField(['spec', 'resources', 'requests', 'storage'])).toBe(true);
    expect(isQuantityField(['spec', 'hard', 'limits.memory'])).toBe(true);
    expect(isQuantityField(['spec', 'limits', 0, 'maxLimitRequestRatio', 'cpu'])).toBe(true);
    expect(isQuantityField(['status', 'capacity', 'hugepages-1Gi'])).toBe(true);
    expect(isQuantityField(['spec', 'volumes', 0, 'emptyDir', 'sizeLimit'])).toBe(true);
    expect(isQuantityField(['spec', 'overhead', 'cpu'])).toBe(true);
    expect(isQuantityField(['spec', 'metrics', 0, 'pods', 'target', 'averageValue'])).toBe(true);
    expect(isQuantityField(['spec', 'metrics', 0, 'external', 'target', 'value'])).toBe(true);
  });
  it('and nothing else', () => {
    expect(isQuantityField(['data', 'limits'])).toBe(false);
    expect(isQuantityField(['spec', 'limits', 0, 'type'])).toBe(false);
    expect(isQuantityField(['spec', 'containers', 0, 'env', 0, 'value'])).toBe(false);
    expect(isQuantityField(['metadata', 'labels', 'memory'])).toBe(false);
    expect(isQuantityField(['spec', 'target', 'value'])).toBe(false);
    expect(isQuantityField([])).toBe(false);
  });
});

describe('parseQuantity', () => {
  it('parses quantities', () => {
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('100m')).toBe(0.1);
    expect(parseQuantity('1.5G')).toBe(1.5e9);
    expect(parseQuantity('-.5')).toBe(-0.5);
    expect(parseQuantity(3)).toBe(3);
  });
  it('refuses what is not a quantity', () => {
    expect(parseQuantity('hello')).toBeUndefined();
    expect(parseQuantity('m')).toBeUndefined();
    expect(parseQuantity('1.2.3')).toBeUndefined();
    expect(parseQuantity('1e999')).toBeUndefined();
    expect(parseQuantity(true)).toBeUndefined();
  });
});
