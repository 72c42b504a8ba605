// The outside watcher: the driver's own informers on the BenchApps and ConfigMaps of one peer's
// namespace. It says when every BenchApp is Ready, and when each change reached its ConfigMap.
import type { V1ConfigMap } from '@kubernetes/client-node';
import { Informer, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { BenchApps, isReadyAndCurrent, type BenchApp } from './workload.ts';

/** Values the driver writes into spec.value: `v<sequence>`, increasing across the whole run. */
export const valueOf = (sequence: number): string => `v${sequence}`;
const sequenceOf = (value: string | undefined): number | undefined => (value?.startsWith('v') ? Number(value.slice(1)) : undefined);

interface PendingChange {
  sequence: number;
  sentAt: number;
  resolve: (latencyMs: number) => void;
}

export class Observer {
  private readonly apps: Informer<BenchApp>;
  private readonly configMaps: Informer<V1ConfigMap>;
  private readonly ready = new Set<string>();
  private readyWaiter: { count: number; resolve: () => void } | undefined;
  /** Per app name, the changes not yet seen in its ConfigMap, oldest first. */
  private readonly pending = new Map<string, PendingChange[]>();

  constructor(client: KubeClient, namespace: string) {
    this.apps = new Informer<BenchApp>({ client, type: BenchApps, namespace });
    this.configMaps = new Informer<V1ConfigMap>({ client, type: ResourceTypes.ConfigMap, namespace });
    this.apps.addHandler((e) => {
      if (e.type !== 'delete' && isReadyAndCurrent(e.object)) this.ready.add(e.object.metadata.name);
      else this.ready.delete(e.object.metadata.name);
      if (this.readyWaiter && this.ready.size >= this.readyWaiter.count) this.readyWaiter.resolve();
    });
    this.configMaps.addHandler((e) => {
      if (e.type === 'delete') return;
      const app = e.object.metadata?.ownerReferences?.[0]?.name;
      const seen = sequenceOf(e.object.data?.['value']);
      if (!app || seen === undefined) return;
      const list = this.pending.get(app);
      if (!list) return;
      const now = performance.now();
      // A later value covers the earlier changes too: the peer may have skipped straight to it.
      while (list.length && list[0]!.sequence <= seen) {
        const change = list.shift()!;
        change.resolve(now - change.sentAt);
      }
    });
  }

  async start(): Promise<void> {
    this.apps.start();
    this.configMaps.start();
    await Promise.all([this.apps.waitForSync(), this.configMaps.waitForSync()]);
  }

  stop(): void {
    this.apps.stop();
    this.configMaps.stop();
  }

  readyCount(): number {
    return this.ready.size;
  }

  /** Resolves true when `count` BenchApps are Ready for their generation, false after `timeoutMs`. */
  waitForReady(count: number, timeoutMs: number): Promise<boolean> {
    if (this.ready.size >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.readyWaiter = undefined;
        resolve(false);
      }, timeoutMs);
      this.readyWaiter = { count, resolve: () => { clearTimeout(timer); this.readyWaiter = undefined; resolve(true); } };
    });
  }

  /**
   * Registers a change of `app` to `valueOf(sequence)` sent at `sentAt` (performance.now()); the
   * promise gives the milliseconds until its ConfigMap showed it (or a later value).
   */
  expect(app: string, sequence: number, sentAt: number): Promise<number> {
    return new Promise((resolve) => {
      const list = this.pending.get(app) ?? [];
      list.push({ sequence, sentAt, resolve });
      this.pending.set(app, list);
    });
  }

  /** Forgets the changes not seen yet (after a deadline), returning how many there were. */
  dropPending(): number {
    let dropped = 0;
    for (const list of this.pending.values()) dropped += list.length;
    this.pending.clear();
    return dropped;
  }
}
