import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { ResourceTypes, type KubeClient } from '../src/index.ts';
import { ROLE_LABEL } from './reconcile.ts';
import { pool } from './stats.ts';

const run = promisify(execFile);
const probe = join(dirname(fileURLToPath(import.meta.url)), 'memory-probe.ts');
const SELECTOR = `${ROLE_LABEL}=memory`;

export interface ProbeResult {
  mode: 'default' | 'identity';
  objects: number;
  before: number;
  after: number;
  /** Heap growth per cached object, bytes. */
  perObject: number;
  /** Average JSON size of a cached object, bytes. */
  jsonBytes: number;
  /** Cached objects that still carry managedFields. */
  managedFields: number;
  syncSeconds: number;
}

export interface MemoryFigures {
  objects: number;
  createSeconds: number;
  stripped: ProbeResult;
  kept: ProbeResult;
}

/**
 * `objects` ConfigMaps of four ~250-byte data values (~1 KiB), created by server-side apply so each
 * carries a managedFields entry, then cached by an Informer in a fresh process twice: with the
 * default transform (managedFields dropped) and with `transform: (o) => o`.
 */
export async function benchMemory(client: KubeClient, kubeconfig: string, namespace: string, options: { objects: number; concurrency: number }): Promise<MemoryFigures> {
  const { objects, concurrency } = options;
  const started = performance.now();
  await pool(objects, concurrency, async (i) => {
    const data: Record<string, string> = {};
    for (const key of ['alpha', 'bravo', 'charlie', 'delta']) data[key] = randomBytes(125).toString('hex');
    await client.apply<V1ConfigMap>(
      ResourceTypes.ConfigMap,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `mem-${i}`, namespace, labels: { [ROLE_LABEL]: 'memory' } }, data },
      { fieldManager: 'k8s-common-bench' },
    );
  });
  const createSeconds = (performance.now() - started) / 1000;
  const measure = async (mode: 'default' | 'identity'): Promise<ProbeResult> => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--conditions=development', probe, kubeconfig, namespace, SELECTOR, mode], {
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ProbeResult;
    if (result.objects !== objects) throw new Error(`the ${mode} informer cached ${result.objects} objects, expected ${objects}`);
    return result;
  };
  return { objects, createSeconds, stripped: await measure('default'), kept: await measure('identity') };
}
