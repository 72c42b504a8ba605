import type { KubeClient, KubeObject } from '../client/kube-client.ts';
import { resourceType, type ResourceType } from '../client/resource-type.ts';
import { Applier, DEFAULT_DESIRED_HASH_ANNOTATION, desiredHashAnnotationFor, updateStatusIfChanged } from './applier.ts';

describe('desiredHashAnnotationFor', () => {
  it('gives each operator its own annotation', () => {
    expect(desiredHashAnnotationFor('streambus-operator')).toBe('streambus-operator.operators.dev/desired-hash');
    expect(desiredHashAnnotationFor('widgets.example.com')).toBe('widgets.example.com.operators.dev/desired-hash');
  });
  it('falls back to the shared default for a name that cannot be a prefix', () => {
    expect(desiredHashAnnotationFor('My_Operator')).toBe(DEFAULT_DESIRED_HASH_ANNOTATION);
    expect(desiredHashAnnotationFor('-x')).toBe(DEFAULT_DESIRED_HASH_ANNOTATION);
    expect(desiredHashAnnotationFor('a'.repeat(250))).toBe(DEFAULT_DESIRED_HASH_ANNOTATION);
  });
});

describe('Applier and a cache that has not seen its last write yet', () => {
  const CM = resourceType('v1', 'ConfigMap', 'configmaps');
  const Things = resourceType('example.dev/v1', 'Thing', 'things');

  /** A client that keeps objects in memory and records each request; just what the Applier calls. */
  function recordingClient() {
    const objects = new Map<string, KubeObject>();
    const requests: string[] = [];
    let rv = 100;
    const client = {
      requests,
      objects,
      async apply<T extends KubeObject>(_type: ResourceType, obj: T): Promise<T> {
        requests.push(`apply ${obj.metadata?.name}${(obj as { status?: unknown }).status ? '/status' : ''}`);
        const existing = objects.get(obj.metadata!.name!);
        const stored = { ...existing, ...obj, metadata: { ...obj.metadata, uid: existing?.metadata?.uid ?? `uid-${obj.metadata!.name}`, resourceVersion: String(++rv) } } as T;
        objects.set(obj.metadata!.name!, stored);
        return structuredClone(stored);
      },
      patches: [] as unknown[],
      async patch(_type: ResourceType, name: string, _namespace: string | undefined, body: unknown, patchType: string, subresource?: string, options: { fieldManager?: string } = {}): Promise<KubeObject> {
        requests.push(`patch ${name}/${subresource ?? ''} ${patchType} by ${options.fieldManager ?? '?'}`);
        client.patches.push(body);
        return { metadata: { name, resourceVersion: String(++rv) } };
      },
      async tryGet<T extends KubeObject>(_type: ResourceType, name: string): Promise<T | undefined> {
        requests.push(`get ${name}`);
        const o = objects.get(name);
        return o ? (structuredClone(o) as T) : undefined;
      },
    };
    return client;
  }
  const desired = (value: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' }, data: { value } } as KubeObject);

  it('does not create again what the cache has not seen yet: a read, not a write', async () => {
    const client = recordingClient();
    const applier = new Applier(client as unknown as KubeClient, 'test');
    expect((await applier.apply(CM, desired('a'), undefined)).outcome).toBe('created');
    const again = await applier.apply(CM, desired('a'), undefined);
    expect(again.outcome).toBe('unchanged');
    expect(again.object.metadata?.uid).toBe('uid-cm');
    expect(client.requests).toEqual(['apply cm', 'get cm']);
  });

  it('creates again what was deleted after its create', async () => {
    const client = recordingClient();
    const applier = new Applier(client as unknown as KubeClient, 'test');
    await applier.apply(CM, desired('a'), undefined);
    client.objects.delete('cm');
    expect((await applier.apply(CM, desired('a'), undefined)).outcome).toBe('created');
    expect(client.requests).toEqual(['apply cm', 'get cm', 'apply cm']);
  });

  it('does not apply again over the version it already wrote over, until the cache moves on', async () => {
    const client = recordingClient();
    const applier = new Applier(client as unknown as KubeClient, 'test');
    const v1 = (await applier.apply(CM, desired('a'), undefined)).object;
    const v2 = (await applier.apply(CM, desired('b'), v1)).object;
    expect(client.requests).toEqual(['apply cm', 'apply cm']);
    // The cache still holds v1: the same desired state is not sent again, the answer is v2.
    const stale = await applier.apply(CM, desired('b'), v1);
    expect(stale).toMatchObject({ outcome: 'unchanged', object: { metadata: { resourceVersion: v2.metadata?.resourceVersion } } });
    expect(client.requests).toHaveLength(2);
    // A new desired state is applied whatever the cache holds.
    await applier.apply(CM, desired('c'), v1);
    expect(client.requests).toHaveLength(3);
    // Once the cache holds what was written, the usual comparison decides.
    const v3 = client.objects.get('cm')!;
    expect((await applier.apply(CM, desired('c'), v3)).outcome).toBe('unchanged');
    expect(client.requests).toHaveLength(3);
    // Someone else's later change arrives as a newer version: that is drift, applied again.
    const edited = { ...v3, data: { value: 'edited' }, metadata: { ...v3.metadata, resourceVersion: '999' } } as KubeObject;
    expect((await applier.apply(CM, desired('c'), edited)).outcome).toBe('updated');
  });

  it('updateStatusIfChanged does not write the same status over the same version twice', async () => {
    const client = recordingClient();
    const thing = { apiVersion: 'example.dev/v1', kind: 'Thing', metadata: { name: 't', namespace: 'ns', uid: 'u1', resourceVersion: '5' }, status: { phase: 'Pending' } };
    const write = (object: typeof thing, phase: string) => updateStatusIfChanged(client as unknown as KubeClient, Things, object, { phase }, 'test');
    expect(await write(thing, 'Ready')).toBe(true);
    expect(await write(thing, 'Ready')).toBe(false); // the cache still holds version 5
    expect(await write(thing, 'Failed')).toBe(true); // a different status is written
    const newer = { ...thing, metadata: { ...thing.metadata, resourceVersion: '7' }, status: { phase: 'Failed' } };
    expect(await write(newer, 'Failed')).toBe(false); // equal to what the cache holds now
    expect(await write(newer, 'Ready')).toBe(true);
    expect(client.requests).toEqual(Array(3).fill('patch t/status json by test'));
    // Each write replaces the whole status: a field the new status leaves out is gone.
    expect(client.patches).toEqual(['Ready', 'Failed', 'Ready'].map((phase) => [{ op: 'add', path: '/status', value: { phase } }]));
  });
});
