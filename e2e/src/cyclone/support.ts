// What the Cyclone e2e files share: the CycloneApp type as the tests read it, the examples, and
// waits on status.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { resourceType, ResourceTypes, type KubeClient, type KubeObject } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { repoRoot } from '../support/operator-process.ts';

export const CycloneApps = resourceType('cyclone.dev/v1', 'CycloneApp', 'cycloneapps');

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface App {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: {
    phase?: string;
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    version?: string;
    lastKnownGoodVersion?: string;
    rollback?: { message: string };
    conditions?: Condition[];
  };
}

export function example(file: string): App {
  return loadYaml(readFileSync(join(repoRoot, 'packages', 'cyclone-operator', 'examples', file), 'utf8')) as App;
}

/**
 * An app that needs no node capability: the networking flags (on by default, as the seed's table
 * says) are off. No autoscaling block, so no autoscaler: spec.replicas is the pod count.
 */
export function plainApp(name: string, spec: Record<string, unknown> = {}): App {
  return {
    apiVersion: CycloneApps.apiVersion,
    kind: 'CycloneApp',
    metadata: { name },
    spec: { version: '2.0.0', replicas: 2, networking: { enableRDMA: false, enableDPDK: false, enableXDP: false }, ...spec },
  };
}

export function condition(app: App | undefined, type: string): Condition | undefined {
  return app?.status?.conditions?.find((c) => c.type === type);
}

/** Ready=True for the current generation: what `kubectl wait --for=condition=Ready` waits for. */
export function readyForGeneration(app: App): boolean {
  const ready = condition(app, 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === app.metadata.generation && app.status?.observedGeneration === app.metadata.generation;
}

export function waitForApp(client: KubeClient, namespace: string, name: string, test: (app: App) => boolean, description: string, timeoutMs = 90_000): Promise<App> {
  return waitFor(async () => {
    const app = await client.get<App>(CycloneApps, name, namespace);
    return test(app) && app;
  }, { timeoutMs, description: `CycloneApp ${namespace}/${name}: ${description}` });
}

export function waitForReady(client: KubeClient, namespace: string, name: string, timeoutMs = 90_000): Promise<App> {
  return waitForApp(client, namespace, name, readyForGeneration, 'Ready for its generation', timeoutMs);
}

export async function eventReasons(client: KubeClient, namespace: string, name: string): Promise<string[]> {
  const list = await client.list<KubeObject & { reason?: string; regarding?: { name?: string; kind?: string } }>(ResourceTypes.Event, { namespace });
  return list.items.filter((e) => e.regarding?.kind === 'CycloneApp' && e.regarding.name === name).map((e) => e.reason ?? '');
}

export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** kubectl's error text for a command that must fail (admission refusals). */
export function kubectlError(args: string[], input?: string): string {
  try {
    execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) });
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error(`kubectl ${args.join(' ')} succeeded`);
}
