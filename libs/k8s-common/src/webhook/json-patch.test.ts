import { applyJsonPatch, createJsonPatch, escapePointerToken, JsonPatchError, jsonPointer, unescapePointerToken, type JsonPatchOperation } from './json-patch.ts';

describe('JSON Pointer tokens', () => {
  it('escapes ~ before / so neither is mistaken for the other', () => {
    expect(escapePointerToken('a/b~c')).toBe('a~1b~0c');
    expect(escapePointerToken('~1')).toBe('~01');
    expect(unescapePointerToken('~01')).toBe('~1');
    expect(jsonPointer(['metadata', 'annotations', 'example.com/x~y', 0])).toBe('/metadata/annotations/example.com~1x~0y/0');
  });
});

describe('createJsonPatch', () => {
  it('adds, replaces and removes object members', () => {
    const before = { a: 1, b: { c: 'x', gone: true }, keep: [1] };
    const after = { a: 2, b: { c: 'x', d: null }, keep: [1], added: { z: 1 } };
    expect(createJsonPatch(before, after)).toEqual([
      { op: 'replace', path: '/a', value: 2 },
      { op: 'remove', path: '/b/gone' },
      { op: 'add', path: '/b/d', value: null },
      { op: 'add', path: '/added', value: { z: 1 } },
    ]);
  });

  it('escapes keys holding / and ~', () => {
    expect(createJsonPatch({ metadata: { labels: {} } }, { metadata: { labels: { 'app.kubernetes.io/name': 'x', 'a~b': 'y' } } })).toEqual([
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'x' },
      { op: 'add', path: '/metadata/labels/a~0b', value: 'y' },
    ]);
  });

  it('patches array elements in place, appends at the tail and removes from the end backwards', () => {
    expect(createJsonPatch({ l: [{ n: 1 }, 2] }, { l: [{ n: 5 }, 2, 3, 4] })).toEqual([
      { op: 'replace', path: '/l/0/n', value: 5 },
      { op: 'add', path: '/l/2', value: 3 },
      { op: 'add', path: '/l/3', value: 4 },
    ]);
    expect(createJsonPatch({ l: [1, 2, 3, 4] }, { l: [1] })).toEqual([
      { op: 'remove', path: '/l/3' },
      { op: 'remove', path: '/l/2' },
      { op: 'remove', path: '/l/1' },
    ]);
  });

  it('compares values as JSON: undefined members are absent, dates are strings', () => {
    expect(createJsonPatch({ a: 1 }, { a: 1, b: undefined })).toEqual([]);
    expect(createJsonPatch({ at: '2030-01-01T00:00:00.000Z' }, { at: new Date('2030-01-01T00:00:00Z') })).toEqual([]);
  });

  it('replaces a value whose type changes, and the root when it is not a container', () => {
    expect(createJsonPatch({ a: [1] }, { a: { 0: 1 } })).toEqual([{ op: 'replace', path: '/a', value: { 0: 1 } }]);
    expect(createJsonPatch(1, 'x')).toEqual([{ op: 'replace', path: '', value: 'x' }]);
  });

  it('produces patches that turn before into after', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ name: 'sidecar' }, { name: 'a' }] } }],
      [{ a: [1, [2, 3], { b: 4 }] }, { a: [[2], { b: 5, c: 6 }] }],
      [{ 'x/y': { '~': 1 } }, { 'x/y': { '~': 2, '': 3 } }],
      [[], [1, 2]],
    ];
    for (const [before, after] of cases) expect(applyJsonPatch(before, createJsonPatch(before, after))).toEqual(after);
  });
});

describe('applyJsonPatch', () => {
  it('applies add (including "-" and insertion into arrays), replace, remove and test', () => {
    const document = { list: [1, 3], map: { a: 1 } };
    const patch: JsonPatchOperation[] = [
      { op: 'test', path: '/map/a', value: 1 },
      { op: 'add', path: '/list/1', value: 2 },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'replace', path: '/map/a', value: 'one' },
      { op: 'remove', path: '/list/0' },
    ];
    expect(applyJsonPatch(document, patch)).toEqual({ list: [2, 3, 4], map: { a: 'one' } });
    expect(document).toEqual({ list: [1, 3], map: { a: 1 } });
  });

  it('refuses failed tests, missing paths and out-of-range indexes', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/b/c', value: 2 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ l: [1] }, [{ op: 'add', path: '/l/2', value: 2 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ l: [1] }, [{ op: 'remove', path: '/l/01' }])).toThrow(JsonPatchError);
  });
});
