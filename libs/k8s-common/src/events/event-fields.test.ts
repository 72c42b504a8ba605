import {
  NOTE_MAX_BYTES,
  eventName,
  eventNamespace,
  isDnsSubdomain,
  isQualifiedName,
  objectReference,
  seriesKey,
  spamKey,
  truncateUtf8,
  type KubeEvent,
} from './event-fields.ts';

type KeyFields = Pick<KubeEvent, 'type' | 'reason' | 'action' | 'note' | 'regarding' | 'related'>;

const pod = { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'shop', uid: 'u-1', resourceVersion: '10' };
const base: KeyFields = { type: 'Warning', reason: 'BackOff', action: 'Restart', note: 'restarting failed container', regarding: pod };

describe('truncateUtf8', () => {
  it('leaves text within the limit alone', () => {
    const exact = 'a'.repeat(NOTE_MAX_BYTES);
    expect(truncateUtf8(exact, NOTE_MAX_BYTES)).toBe(exact);
    expect(truncateUtf8('short', NOTE_MAX_BYTES)).toBe('short');
  });

  it('cuts longer text to the byte limit and marks the cut', () => {
    const cut = truncateUtf8('a'.repeat(5000), NOTE_MAX_BYTES);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(NOTE_MAX_BYTES);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(NOTE_MAX_BYTES - 4);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('counts bytes, not characters, and never splits a character', () => {
    // 'é' is 2 bytes and '😀' 4: 600 characters of either are well over 1024 bytes.
    for (const text of ['é'.repeat(600), '😀'.repeat(600), `x${'😀'.repeat(600)}`, `xy${'€'.repeat(600)}`]) {
      const cut = truncateUtf8(text, NOTE_MAX_BYTES);
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(NOTE_MAX_BYTES);
      expect(cut).not.toContain('\uFFFD');
      expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    }
  });
});

describe('objectReference', () => {
  it('takes apiVersion, kind, name, namespace, uid and resourceVersion', () => {
    const ref = objectReference({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1', resourceVersion: '10', labels: { a: 'b' } } });
    expect(ref).toEqual(pod);
  });

  it('omits what a cluster-scoped object does not have', () => {
    expect(objectReference({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' });
  });

  it('gives nothing for an object without kind (a list item) or name', () => {
    expect(objectReference({ metadata: { name: 'web-0' } })).toBeUndefined();
    expect(objectReference({ apiVersion: 'v1', kind: 'Pod', metadata: {} })).toBeUndefined();
  });
});

describe('seriesKey', () => {
  it('is the same for a repeat, even after the object changed version', () => {
    expect(seriesKey({ ...base })).toBe(seriesKey({ ...base, regarding: { ...pod, resourceVersion: '11' } }));
  });

  it.each<[string, Partial<KeyFields>]>([
    ['type', { type: 'Normal' }],
    ['reason', { reason: 'Pulled' }],
    ['action', { action: 'Pull' }],
    ['note', { note: 'something else' }],
    ['regarding object', { regarding: { ...pod, name: 'web-1', uid: 'u-2' } }],
    ['recreated object (uid)', { regarding: { ...pod, uid: 'u-9' } }],
    ['related object', { related: { apiVersion: 'v1', kind: 'Node', name: 'n1' } }],
  ])('differs when the %s differs', (_what, change) => {
    expect(seriesKey({ ...base, ...change })).not.toBe(seriesKey(base));
  });

  it('does not confuse fields whose concatenations would match', () => {
    expect(seriesKey({ ...base, reason: 'a', action: 'bc' })).not.toBe(seriesKey({ ...base, reason: 'ab', action: 'c' }));
  });
});

describe('spamKey', () => {
  it('groups by object and type only', () => {
    expect(spamKey({ type: 'Warning', regarding: pod })).toBe(spamKey({ type: 'Warning', regarding: { ...pod, resourceVersion: '99' } }));
    expect(spamKey({ type: 'Warning', regarding: pod })).not.toBe(spamKey({ type: 'Normal', regarding: pod }));
    expect(spamKey({ type: 'Warning', regarding: pod })).not.toBe(spamKey({ type: 'Warning', regarding: { ...pod, name: 'web-1' } }));
  });
});

describe('eventNamespace', () => {
  it('is the object’s namespace, or default for a cluster-scoped object', () => {
    expect(eventNamespace(pod)).toBe('shop');
    expect(eventNamespace({ apiVersion: 'v1', kind: 'Node', name: 'n1' })).toBe('default');
  });
});

describe('eventName', () => {
  it('is the object name, a dot and a hex suffix', () => {
    expect(eventName('web-0', Date.UTC(2025, 0, 1))).toMatch(/^web-0\.[0-9a-f]{11,}$/);
  });

  it('differs for two events in the same millisecond', () => {
    const ms = Date.now();
    const names = new Set(Array.from({ length: 100 }, () => eventName('web-0', ms)));
    expect(names.size).toBe(100);
  });

  it('falls back to a UUID when the name would not be a DNS subdomain', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(eventName('a'.repeat(250), Date.now())).toMatch(uuid);
    expect(eventName('Upper_Case', Date.now())).toMatch(uuid);
    expect(isDnsSubdomain(eventName('a'.repeat(230), Date.now()))).toBe(true);
  });
});

describe('isQualifiedName', () => {
  it.each(['streambus-operator', 'example.com/streambus-operator', 'a', 'A_b.c'])('accepts %s', (name) => {
    expect(isQualifiedName(name)).toBe(true);
  });
  it.each(['', '-op', 'op-', 'a/b/c', '/op', 'Example.com/op', 'x'.repeat(64), 'has space'])('rejects %j', (name) => {
    expect(isQualifiedName(name)).toBe(false);
  });
});
