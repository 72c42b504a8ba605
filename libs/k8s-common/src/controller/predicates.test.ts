import type { KubeObject } from '../client/kube-client.ts';
import type { InformerEvent } from '../cache/informer.ts';
import { allOf, anyOf, annotationsChanged, generationChanged, labelsChanged, specOrMetadataChanged } from './predicates.ts';

const obj = (meta: KubeObject['metadata']): KubeObject => ({ metadata: { name: 'x', ...meta } });
const update = (old: KubeObject['metadata'], next: KubeObject['metadata']): InformerEvent<KubeObject> => ({ type: 'update', old: obj(old), object: obj(next) });

describe('predicates', () => {
  it('generationChanged skips status-only updates and passes adds and deletes', () => {
    expect(generationChanged(update({ generation: 1, resourceVersion: '1' }, { generation: 1, resourceVersion: '2' }))).toBe(false);
    expect(generationChanged(update({ generation: 1 }, { generation: 2 }))).toBe(true);
    expect(generationChanged({ type: 'add', object: obj({}) })).toBe(true);
    expect(generationChanged({ type: 'delete', object: obj({}) })).toBe(true);
  });
  it('labelsChanged and annotationsChanged compare content, not key order', () => {
    expect(labelsChanged(update({ labels: { a: '1', b: '2' } }, { labels: { b: '2', a: '1' } }))).toBe(false);
    expect(labelsChanged(update({ labels: { a: '1' } }, { labels: { a: '2' } }))).toBe(true);
    expect(annotationsChanged(update({}, { annotations: { pause: 'true' } }))).toBe(true);
  });
  it('combines', () => {
    const statusOnly = update({ generation: 1 }, { generation: 1 });
    expect(specOrMetadataChanged(statusOnly)).toBe(false);
    expect(specOrMetadataChanged(update({ generation: 1 }, { generation: 1, deletionTimestamp: new Date() }))).toBe(true);
    expect(anyOf(generationChanged, labelsChanged)(statusOnly)).toBe(false);
    expect(allOf(generationChanged, labelsChanged)(update({ generation: 1 }, { generation: 2 }))).toBe(false);
  });
});
