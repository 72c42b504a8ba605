import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import Type from 'typebox';
import type { TSchema } from 'typebox';
import { crdFileName, GENERATED_CRD_HEADER, renderApiReference, renderCrdYaml, syncCrdArtifacts, syncGeneratedFiles } from './generate.ts';
import { Conditions } from './schemas.ts';
import { toCrd } from './to-crd.ts';
import type { CustomResourceDefinition } from './to-crd.ts';

function cacheCrd(extraSpec: Record<string, TSchema> = {}): CustomResourceDefinition {
  return toCrd({
    group: 'cache.example.com',
    names: { kind: 'Cache', plural: 'caches', shortNames: ['ch'], categories: ['all'] },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        spec: Type.Object({
          replicas: Type.Integer({ format: 'int32', minimum: 0, default: 1, description: 'Number of cache pods.' }),
          eviction: Type.Optional(Type.Union([Type.Literal('lru'), Type.Literal('lfu')], { description: 'Eviction policy.' })),
          memory: Type.Object({ limit: Type.String({ pattern: '^[0-9]+(Mi|Gi)$|^0$', description: 'Memory | per pod.' }) }),
          labels: Type.Optional(Type.Record(Type.String(), Type.String())),
          ...extraSpec,
        }),
        status: Type.Object({ replicas: Type.Optional(Type.Integer()), conditions: Type.Optional(Conditions()) }),
        subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        printerColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }],
      },
    ],
  });
}

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reverseKeys(member)]));
}

describe('renderCrdYaml', () => {
  it('starts with the generated header and loads back as the same CRD', () => {
    const crd = cacheCrd();
    const yaml = renderCrdYaml(crd, { source: 'packages/cache/src/api/v1.ts' });
    expect(yaml.split('\n').slice(0, 3)).toEqual([GENERATED_CRD_HEADER, '# Source: packages/cache/src/api/v1.ts', 'apiVersion: apiextensions.k8s.io/v1']);
    expect(load(yaml)).toEqual(JSON.parse(JSON.stringify(crd)));
  });

  it('does not depend on the order in which keys were built', () => {
    const crd = cacheCrd();
    expect(renderCrdYaml(reverseKeys(crd) as CustomResourceDefinition)).toBe(renderCrdYaml(crd));
    expect(renderCrdYaml(cacheCrd())).toBe(renderCrdYaml(crd));
  });

  it('names files after group and plural', () => {
    expect(crdFileName(cacheCrd())).toBe('cache.example.com_caches.yaml');
  });
});

describe('renderApiReference', () => {
  const markdown = renderApiReference([cacheCrd()]);

  it('has a section per kind and version', () => {
    expect(markdown).toContain('## Cache\n');
    expect(markdown).toContain('short names `ch`');
    expect(markdown).toContain('### cache.example.com/v1\n');
    expect(markdown).toContain('Subresources: status, scale (`.spec.replicas` → `.status.replicas`).');
  });

  it('has a row per field path with type, default, constraints and description', () => {
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toContain('| `spec.replicas` | integer (int32) | yes | `1` | >= 0 | Number of cache pods. |');
    expect(rows).toContain('| `spec.eviction` | string |  |  | one of `"lru"`, `"lfu"` | Eviction policy. |');
    expect(rows).toContain('| `spec.memory.limit` | string | yes |  | pattern `^[0-9]+(Mi\\|Gi)$\\|^0$` | Memory \\| per pod. |');
    expect(rows).toContain('| `spec.labels` | map[string]string |  |  |  |  |');
    expect(rows).toContain('| `status.conditions` | []object |  |  | list map keyed by `type` | Latest observations of the object, one per condition type. |');
    expect(rows.some((row) => row.startsWith('| `status.conditions[].reason` | string | yes |'))).toBe(true);
  });
});

describe('syncCrdArtifacts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crd-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports missing files in check mode without writing, then writes them', async () => {
    const crdDir = join(dir, 'crds');
    const docsFile = join(dir, 'docs', 'api.md');
    const options = { crds: [cacheCrd()], crdDir, docsFile };
    const crdFile = join(crdDir, 'cache.example.com_caches.yaml');

    expect(await syncCrdArtifacts({ ...options, check: true })).toEqual([crdFile, docsFile]);
    expect(await readdir(dir)).toEqual([]);

    expect(await syncCrdArtifacts(options)).toEqual([crdFile, docsFile]);
    expect(await readFile(crdFile, 'utf8')).toBe(renderCrdYaml(cacheCrd()));
    expect(await readFile(docsFile, 'utf8')).toBe(renderApiReference([cacheCrd()]));
    expect(await syncCrdArtifacts({ ...options, check: true })).toEqual([]);
  });

  it('detects files that are stale against the schema', async () => {
    const crdDir = join(dir, 'crds');
    const docsFile = join(dir, 'api.md');
    await syncCrdArtifacts({ crds: [cacheCrd()], crdDir, docsFile });
    const changed = [cacheCrd({ ttlSeconds: Type.Optional(Type.Integer({ minimum: 1 })) })];
    expect(await syncCrdArtifacts({ crds: changed, crdDir, docsFile, check: true })).toEqual([join(crdDir, 'cache.example.com_caches.yaml'), docsFile]);

    await writeFile(docsFile, renderApiReference(changed));
    expect(await syncCrdArtifacts({ crds: changed, crdDir, docsFile, check: true })).toEqual([join(crdDir, 'cache.example.com_caches.yaml')]);
  });

  it('reports and removes generated CRD files no schema produces, leaving other files alone', async () => {
    const crdDir = join(dir, 'crds');
    await syncCrdArtifacts({ crds: [cacheCrd()], crdDir });
    const orphan = join(crdDir, 'old.example.com_things.yaml');
    const handWritten = join(crdDir, 'vendor.example.com_others.yaml');
    await writeFile(orphan, `${GENERATED_CRD_HEADER}\napiVersion: apiextensions.k8s.io/v1\n`);
    await writeFile(handWritten, 'apiVersion: apiextensions.k8s.io/v1\n');

    expect(await syncCrdArtifacts({ crds: [cacheCrd()], crdDir, check: true })).toEqual([orphan]);
    expect(await syncCrdArtifacts({ crds: [cacheCrd()], crdDir })).toEqual([orphan]);
    expect((await readdir(crdDir)).sort()).toEqual(['cache.example.com_caches.yaml', 'vendor.example.com_others.yaml']);
  });
});

describe('syncGeneratedFiles', () => {
  it('lists files that differ from what is expected, writes them unless checking, and leaves current ones alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'generated-'));
    try {
      const files = { [join(dir, 'a.yaml')]: 'a: 1\n', [join(dir, 'sub', 'b.yaml')]: 'b: 2\n' };
      await writeFile(join(dir, 'a.yaml'), 'a: 1\n');
      expect(await syncGeneratedFiles(files, { check: true })).toEqual([join(dir, 'sub', 'b.yaml')]);
      expect(await readdir(dir)).toEqual(['a.yaml']);
      expect(await syncGeneratedFiles(files, { check: false })).toEqual([join(dir, 'sub', 'b.yaml')]);
      expect(await readFile(join(dir, 'sub', 'b.yaml'), 'utf8')).toBe('b: 2\n');
      expect(await syncGeneratedFiles(new Map(Object.entries(files)), { check: true })).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
