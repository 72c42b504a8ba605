import type { KubeConfig, V1ObjectMeta } from '@kubernetes/client-node';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Agent, fetch, type Dispatcher } from 'undici';
import { ApiError, WriteFencedError, type ApiStatus } from './errors.ts';
import { resourcePath, type ResourceType } from './resource-type.ts';

/** The least every Kubernetes object has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
}

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

/** What every request reports, for metrics and for tests that count writes. */
export interface RequestRecord {
  method: string;
  path: string;
  /** HTTP status, 0 when the server could not be reached. */
  code: number;
  seconds: number;
  watch: boolean;
}
export type RequestObserver = (record: RequestRecord) => void;

export interface KubeClientOptions {
  userAgent?: string;
  /** Per-request deadline for non-watch requests. */
  requestTimeoutMs?: number;
  observers?: RequestObserver[];
}

/** What every verb takes besides its own options. */
export interface RequestOptions {
  /**
   * Aborts the request: pass the reconcile's signal, so a stopping or deposed controller's calls end at once.
   * An aborted request fails with `ApiError` status 0.
   */
  signal?: AbortSignal;
}

export interface ListOptions extends RequestOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  signal?: AbortSignal;
}

export interface ApplyOptions extends RequestOptions {
  fieldManager: string;
  /** Take ownership of fields another manager set: an operator's desired state must win. */
  force?: boolean;
  subresource?: 'status' | 'scale';
  dryRun?: boolean;
}

export interface DeleteOptions extends RequestOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
}

export type PatchType = 'merge' | 'json' | 'strategic';
const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

interface RequestInit {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Sent even when writes are fenced: only for leader election's own Lease requests, which must
   * happen before leadership and to release it after (see `fenceWrites`).
   */
  bypassWriteFence?: boolean;
}

/**
 * A small REST client for any kind, on undici with one keep-alive connection pool.
 *
 * Why not the generated API classes of @kubernetes/client-node: they make a new TLS agent per
 * call, do not do server-side apply on arbitrary kinds, and give no single place to count
 * requests. KubeConfig is still what resolves credentials (exec plugins, token files, in-cluster).
 */
export class KubeClient {
  readonly server: string;
  private readonly kubeConfig: KubeConfig;
  private readonly dispatcher: Dispatcher;
  private readonly userAgent: string;
  private readonly requestTimeoutMs: number;
  private readonly observers: RequestObserver[];
  private writeFence: AbortSignal | undefined;

  private constructor(kubeConfig: KubeConfig, dispatcher: Dispatcher, options: KubeClientOptions) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.kubeConfig = kubeConfig;
    this.dispatcher = dispatcher;
    this.userAgent = options.userAgent ?? 'k8s-common';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.observers = [...(options.observers ?? [])];
  }

  static async create(kubeConfig: KubeConfig, options: KubeClientOptions = {}): Promise<KubeClient> {
    const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean; servername?: string } = {};
    await kubeConfig.applyToHTTPSOptions(tls as never);
    const agent = new Agent({
      connect: {
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.cert ? { cert: tls.cert } : {}),
        ...(tls.key ? { key: tls.key } : {}),
        ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
        ...(tls.servername ? { servername: tls.servername } : {}),
        keepAlive: true,
        keepAliveInitialDelay: 30_000,
      },
      // HTTP/1.1, one connection per watch, as many as needed. undici's HTTP/2 (its default) ends
      // an idle session by destroying the socket with an error that can reach no listener and
      // crash the process (seen after informers stop); an operator must not die of that.
      allowH2: false,
      // Watches are long polls: undici's default body timeout would cut them after 5 minutes of
      // silence. Watch bodies get their own idle deadline from the server's timeoutSeconds.
      bodyTimeout: 0,
      headersTimeout: 60_000,
    });
    return new KubeClient(kubeConfig, agent, options);
  }

  addObserver(observer: RequestObserver): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /**
   * Once `signal` aborts, every mutating request is refused with `WriteFencedError` without being
   * sent, and those in flight are aborted; reads go on. A deposed leader must stop writing at once,
   * also where a code path (an Event flushed later, a helper) did not pass its reconcile's signal.
   * Fences add up: any aborted one closes writes.
   */
  fenceWrites(signal: AbortSignal): void {
    this.writeFence = this.writeFence ? AbortSignal.any([this.writeFence, signal]) : signal;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  // ---- typed verbs -------------------------------------------------------------------------

  get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>({ method: 'GET', path: resourcePath(type, namespace, name), signal: options.signal });
  }

  /** Like get, but NotFound is an answer (undefined), not an error. */
  async tryGet<T extends KubeObject>(type: ResourceType, name: string, namespace?: string, options: RequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.get<T>(type, name, namespace, options);
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    const { namespace, signal, ...query } = options;
    return this.request<ObjectList<T>>({ method: 'GET', path: resourcePath(type, namespace), query: { ...query }, signal });
  }

  /** Lists every page (following `continue`) and returns the items with the list's resourceVersion. */
  async listAll<T extends KubeObject>(type: ResourceType, options: Omit<ListOptions, 'continue'> = {}): Promise<ObjectList<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await this.list<T>(type, { limit: 500, ...options, ...(continueToken ? { continue: continueToken } : {}) });
      items.push(...page.items);
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken);
    return { metadata: resourceVersion ? { resourceVersion } : {}, items };
  }

  create<T extends KubeObject>(type: ResourceType, obj: T, namespace = obj.metadata?.namespace, options: RequestOptions = {}): Promise<T> {
    return this.request<T>({ method: 'POST', path: resourcePath(type, namespace), body: obj, signal: options.signal });
  }

  replace<T extends KubeObject>(type: ResourceType, obj: T, subresource?: 'status', options: RequestOptions = {}): Promise<T> {
    const name = obj.metadata?.name ?? '';
    return this.request<T>({ method: 'PUT', path: resourcePath(type, obj.metadata?.namespace, name, subresource), body: obj, signal: options.signal });
  }

  patch<T extends KubeObject>(
    type: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    patchType: PatchType = 'merge',
    subresource?: 'status' | 'scale',
    options: RequestOptions = {},
  ): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(type, namespace, name, subresource),
      body: patch,
      contentType: patchContentTypes[patchType],
      signal: options.signal,
    });
  }

  /**
   * Server-side apply: the object states the fields this manager owns; the server merges it and
   * tracks ownership, so fields others own (an HPA's replicas, a user's annotations) survive.
   */
  apply<T extends KubeObject>(type: ResourceType, obj: T, options: ApplyOptions): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`apply ${type.kind}: metadata.name is required`);
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(type, obj.metadata?.namespace, name, options.subresource),
      query: { fieldManager: options.fieldManager, force: options.force ?? true, dryRun: options.dryRun ? 'All' : undefined },
      body: obj,
      contentType: 'application/apply-patch+yaml',
      signal: options.signal,
    });
  }

  async delete(type: ResourceType, name: string, namespace?: string, options: DeleteOptions = {}): Promise<void> {
    const { signal, ...deleteOptions } = options;
    const body = Object.keys(deleteOptions).length ? { apiVersion: 'v1', kind: 'DeleteOptions', ...deleteOptions } : undefined;
    await this.request<unknown>({ method: 'DELETE', path: resourcePath(type, namespace, name), body, signal });
  }

  /** Delete, with NotFound counted as done. Returns whether anything was there. */
  async tryDelete(type: ResourceType, name: string, namespace?: string, options: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.delete(type, name, namespace, options);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) return false;
      throw err;
    }
  }

  // ---- raw requests ------------------------------------------------------------------------

  async request<T>(init: RequestInit): Promise<T> {
    const fence = isMutating(init) && !init.bypassWriteFence ? this.writeFence : undefined;
    if (fence?.aborted) throw new WriteFencedError({ method: init.method, path: init.path, reason: fence.reason, inFlight: false });
    const url = this.url(init.path, init.query);
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = AbortSignal.any([timeout, ...(init.signal ? [init.signal] : []), ...(fence ? [fence] : [])]);
    let code = 0;
    try {
      const response = await fetch(url, {
        method: init.method,
        headers: await this.headers(init.contentType, init.body !== undefined),
        body: init.body === undefined ? null : JSON.stringify(init.body),
        dispatcher: this.dispatcher,
        signal,
      });
      code = response.status;
      const text = await response.text();
      if (!response.ok) throw this.errorFrom(init.method, init.path, response.status, text, response.headers.get('retry-after'));
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (fence?.aborted) throw new WriteFencedError({ method: init.method, path: init.path, reason: fence.reason, inFlight: true });
      throw new ApiError({ statusCode: 0, method: init.method, path: init.path, message: describeNetworkError(err), cause: err });
    } finally {
      this.observe({ method: init.method, path: init.path, code, seconds: (performance.now() - started) / 1000, watch: false });
    }
  }

  /**
   * Streams a watch. Ends when the server closes the stream (timeoutSeconds) or `signal` aborts;
   * throws ApiError for a failed request and for an ERROR event (410 Gone arrives that way).
   */
  async *watch<T extends KubeObject>(type: ResourceType, options: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const { namespace, signal, ...rest } = options;
    const path = resourcePath(type, namespace);
    const url = this.url(path, { ...rest, watch: true });
    const started = performance.now();
    let code = 0;
    let response;
    try {
      response = await fetch(url, { method: 'GET', headers: await this.headers(), dispatcher: this.dispatcher, signal: signal ?? null });
      code = response.status;
    } catch (err) {
      this.observe({ method: 'GET', path, code, seconds: (performance.now() - started) / 1000, watch: true });
      if (signal?.aborted) return;
      throw new ApiError({ statusCode: 0, method: 'WATCH', path, message: describeNetworkError(err), cause: err });
    }
    this.observe({ method: 'GET', path, code, seconds: (performance.now() - started) / 1000, watch: true });
    if (!response.ok || !response.body) {
      throw this.errorFrom('WATCH', path, response.status, await response.text(), response.headers.get('retry-after'));
    }
    const lines = createInterface({ input: Readable.fromWeb(response.body as never), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as { type: WatchEventType | 'ERROR'; object: unknown };
        if (event.type === 'ERROR') {
          const status = event.object as ApiStatus;
          throw new ApiError({ statusCode: status.code ?? 500, method: 'WATCH', path, status });
        }
        yield event as WatchEvent<T>;
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (signal?.aborted) return;
      throw new ApiError({ statusCode: 0, method: 'WATCH', path, message: describeNetworkError(err), cause: err });
    } finally {
      lines.close();
      await response.body.cancel().catch(() => undefined);
    }
  }

  private url(path: string, query?: Record<string, string | number | boolean | undefined>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    return `${this.server}${path}${qs ? `?${qs}` : ''}`;
  }

  private async headers(contentType?: string, hasBody = false): Promise<Record<string, string>> {
    // Re-read per request: bearer tokens from files or exec plugins rotate.
    const opts: { headers?: Record<string, string> } = {};
    await this.kubeConfig.applyToHTTPSOptions(opts as never);
    const user = this.kubeConfig.getCurrentUser();
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent, ...(opts.headers ?? {}) };
    if (user?.username) headers['Authorization'] = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
    if (hasBody) headers['Content-Type'] = contentType ?? 'application/json';
    return headers;
  }

  private errorFrom(method: string, path: string, statusCode: number, text: string, retryAfter: string | null): ApiError {
    let status: ApiStatus | undefined;
    try {
      const parsed = JSON.parse(text) as ApiStatus;
      if (parsed && parsed.kind === 'Status') status = parsed;
    } catch {
      // not JSON: a proxy or a load balancer answered
    }
    const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    return new ApiError({ statusCode, method, path, ...(status ? { status } : { message: text.slice(0, 200) }), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }

  private observe(record: RequestRecord): void {
    for (const observer of this.observers) {
      try {
        observer(record);
      } catch {
        // an observer must never break a request
      }
    }
  }
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}

/** Whether a request changes state on the server (for "steady state makes no writes" checks). */
export function isMutating(record: Pick<RequestRecord, 'method'>): boolean {
  return record.method !== 'GET' && record.method !== 'HEAD' && record.method !== 'OPTIONS';
}
