import { isNotFound } from './errors.ts';
import type { KubeClient } from './kube-client.ts';
import { apiPrefix, type ResourceType } from './resource-type.ts';

interface ApiResourceList {
  resources?: { name: string; namespaced: boolean; kind: string }[];
}

/**
 * Whether the cluster serves a kind, from API discovery (`GET /apis/<group>/<version>`), cached
 * for a while: optional integrations (a ServiceMonitor when prometheus-operator is installed)
 * are created only where their CRD exists. Discovery needs no RBAC beyond being authenticated.
 */
export class Discovery {
  private readonly client: KubeClient;
  private readonly ttlMs: number;
  private readonly cache = new Map<string, { at: number; resources: Set<string> | undefined }>();

  constructor(client: KubeClient, options: { ttlMs?: number } = {}) {
    this.client = client;
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  async serves(type: ResourceType): Promise<boolean> {
    const resources = await this.resourcesOf(type.apiVersion);
    return resources?.has(type.plural) ?? false;
  }

  private async resourcesOf(apiVersion: string): Promise<Set<string> | undefined> {
    const cached = this.cache.get(apiVersion);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.resources;
    let resources: Set<string> | undefined;
    try {
      const list = await this.client.request<ApiResourceList>({ method: 'GET', path: apiPrefix(apiVersion) });
      resources = new Set((list.resources ?? []).map((r) => r.name));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      resources = undefined;
    }
    this.cache.set(apiVersion, { at: Date.now(), resources });
    return resources;
  }

  /** Forget what was learnt, e.g. after installing a CRD in a test. */
  invalidate(): void {
    this.cache.clear();
  }
}
