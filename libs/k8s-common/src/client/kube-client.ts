import type { KubeConfig, V1ObjectMeta } from '@kubernetes/client-node';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fetch, type Dispatcher, type Response } from 'undici';
import { delay } from '../cache/backoff.ts';
import { ConnectionPool, type ClientTlsOptions } from './connection-pool.ts';
import { ApiError, WriteFencedError, type ApiStatus } from './errors.ts';
import { resourcePath, type ResourceType } from './resource-type.ts';
import { parseRetryAfter, throttleRetryDelayMs, type ThrottleRetryOptions } from './throttle-retry.ts';
import { watchDeadlineMs } from './watch-deadline.ts';

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
  /** Per-request deadline for non-watch requests, 429 retries included. */
  requestTimeoutMs?: number;
  observers?: RequestObserver[];
  /** How requests answered 429 with `Retry-After` are sent again (see throttle-retry.ts). */
  throttleRetry?: ThrottleRetryOptions;
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
  /** Asks the server to end the watch after this long; the client gives up a little later (watchDeadlineMs). */
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
 * Why not @kubernetes/client-node's KubernetesObjectApi (which in 2.x caches its agents and does
 * server-side apply on any kind): it passes every object of a kind it has a model for through
 * ObjectSerializer, which drops the properties its generated models do not know. Applied, a field
 * newer than the models is silently left out of the apply, so the server prunes it; read, it
 * vanishes from the cache. It also turns timestamps into Dates, takes no per-call AbortSignal and
 * serialises several times slower than JSON (bench/client-node-serializer.ts prints the figures).
 * KubeConfig is still what resolves credentials (exec plugins, token files, in-cluster).
 */
export class KubeClient {
  readonly server: string;
  private readonly kubeConfig: KubeConfig;
  /** The connection pool, rebuilt when the client certificate (or CA) changes. */
  readonly connections: ConnectionPool;
  private readonly userAgent: string;
  private readonly requestTimeoutMs: number;
  private readonly throttleRetry: ThrottleRetryOptions;
  private readonly observers: RequestObserver[];
  private writeFence: AbortSignal | undefined;

  private constructor(kubeConfig: KubeConfig, connections: ConnectionPool, options: KubeClientOptions) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.kubeConfig = kubeConfig;
    this.connections = connections;
    this.userAgent = options.userAgent ?? 'k8s-common';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.throttleRetry = options.throttleRetry ?? {};
    this.observers = [...(options.observers ?? [])];
  }

  static async create(kubeConfig: KubeConfig, options: KubeClientOptions = {}): Promise<KubeClient> {
    const tls: ClientTlsOptions = {};
    await kubeConfig.applyToHTTPSOptions(tls as never);
    return new KubeClient(kubeConfig, new ConnectionPool(tls), options);
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
    await this.connections.close();
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
    options: RequestOptions & { fieldManager?: string } = {},
  ): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(type, namespace, name, subresource),
      ...(options.fieldManager ? { query: { fieldManager: options.fieldManager } } : {}),
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
    const fenced = (inFlight: boolean): WriteFencedError => new WriteFencedError({ method: init.method, path: init.path, reason: fence?.reason, inFlight });
    if (fence?.aborted) throw fenced(false);
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = AbortSignal.any([timeout, ...(init.signal ? [init.signal] : []), ...(fence ? [fence] : [])]);
    for (let retry = 1; ; retry++) {
      try {
        return await this.attempt<T>(init, signal);
      } catch (err) {
        if (fence?.aborted) throw fenced(true);
        // A 429 retry is not sent once the fence has closed during the wait.
        if (!(await this.waitedToRetry(err, retry, signal))) throw fence?.aborted ? fenced(false) : err;
      }
    }
  }

  private async attempt<T>(init: RequestInit, signal: AbortSignal): Promise<T> {
    const started = performance.now();
    let code = 0;
    try {
      const { headers, dispatcher } = await this.prepare(init.contentType, init.body !== undefined);
      const response = await fetch(this.url(init.path, init.query), {
        method: init.method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        dispatcher,
        signal,
      });
      code = response.status;
      const text = await response.text();
      if (!response.ok) throw this.errorFrom(init.method, init.path, response.status, text, response.headers.get('retry-after'));
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError({ statusCode: 0, method: init.method, path: init.path, message: describeNetworkError(err), cause: err });
    } finally {
      this.observe({ method: init.method, path: init.path, code, seconds: (performance.now() - started) / 1000, watch: false });
    }
  }

  /** Waits out a 429's `Retry-After` when attempt `retry` is allowed; false when it is not (or `signal` aborted). */
  private async waitedToRetry(err: unknown, retry: number, signal: AbortSignal): Promise<boolean> {
    const wait = err instanceof ApiError ? throttleRetryDelayMs(err.statusCode, err.retryAfterSeconds, retry, this.throttleRetry) : undefined;
    if (wait === undefined || signal.aborted) return false;
    await delay(wait, signal);
    return !signal.aborted;
  }

  /**
   * Streams a watch. Ends when the server closes the stream (timeoutSeconds) or `signal` aborts;
   * throws ApiError for a failed request, for an ERROR event (410 Gone arrives that way) and for
   * a stream still open at its deadline, a little past `timeoutSeconds` (see watchDeadlineMs).
   */
  async *watch<T extends KubeObject>(type: ResourceType, options: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const { namespace, signal, ...rest } = options;
    const path = resourcePath(type, namespace);
    const url = this.url(path, { ...rest, watch: true });
    const deadline = new AbortController();
    const deadlineMs = rest.timeoutSeconds !== undefined ? watchDeadlineMs(rest.timeoutSeconds) : undefined;
    const timer = deadlineMs !== undefined ? setTimeout(() => deadline.abort(), deadlineMs) : undefined;
    timer?.unref();
    const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    // What a failure means: none when the caller stopped, a stall when the deadline passed.
    const failure = (err: unknown): ApiError | undefined => {
      if (signal?.aborted) return undefined;
      if (err instanceof ApiError) return err;
      const message = deadline.signal.aborted
        ? `the stream was still open ${deadlineMs} ms after asking the server to end it after ${rest.timeoutSeconds} s: the connection stalled`
        : describeNetworkError(err);
      return new ApiError({ statusCode: 0, method: 'WATCH', path, message, cause: err });
    };
    let response: Response | undefined;
    try {
      for (let retry = 1; !response; retry++) {
        try {
          response = await this.openWatch(url, path, stop);
        } catch (err) {
          const failed = failure(err);
          if (!failed) return;
          if (await this.waitedToRetry(failed, retry, stop)) continue;
          if (signal?.aborted) return;
          throw failed;
        }
      }
      const body = response.body!;
      const lines = createInterface({ input: Readable.fromWeb(body as never), crlfDelay: Infinity });
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
        const failed = failure(err);
        if (failed) throw failed;
      } finally {
        lines.close();
        await body.cancel().catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends the watch request; throws ApiError unless the server answered 200 with a body. */
  private async openWatch(url: string, path: string, signal: AbortSignal): Promise<Response> {
    const started = performance.now();
    let code = 0;
    try {
      const { headers, dispatcher } = await this.prepare();
      const response = await fetch(url, { method: 'GET', headers, dispatcher, signal });
      code = response.status;
      if (!response.ok || !response.body) throw this.errorFrom('WATCH', path, response.status, await response.text(), response.headers.get('retry-after'));
      return response;
    } finally {
      this.observe({ method: 'GET', path, code, seconds: (performance.now() - started) / 1000, watch: true });
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

  /** The headers and the connection pool for one request. */
  private async prepare(contentType?: string, hasBody = false): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher }> {
    // Re-read per request: bearer tokens and client certificates, from files or exec plugins, rotate.
    const read = this.connections.startRead();
    const opts: ClientTlsOptions & { headers?: Record<string, string> } = {};
    await this.kubeConfig.applyToHTTPSOptions(opts as never);
    const user = this.kubeConfig.getCurrentUser();
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent, ...(opts.headers ?? {}) };
    if (user?.username) headers['Authorization'] = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
    if (hasBody) headers['Content-Type'] = contentType ?? 'application/json';
    return { headers, dispatcher: this.connections.dispatcherFor(opts, read) };
  }

  private errorFrom(method: string, path: string, statusCode: number, text: string, retryAfter: string | null): ApiError {
    let status: ApiStatus | undefined;
    try {
      const parsed = JSON.parse(text) as ApiStatus;
      if (parsed && parsed.kind === 'Status') status = parsed;
    } catch {
      // not JSON: a proxy or a load balancer answered
    }
    const retryAfterSeconds = parseRetryAfter(retryAfter);
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
    return cause?.code ? `${err.message} (${cause.code})` : cause?.message ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

/** Whether a request changes state on the server (for "steady state makes no writes" checks). */
export function isMutating(record: Pick<RequestRecord, 'method'>): boolean {
  return record.method !== 'GET' && record.method !== 'HEAD' && record.method !== 'OPTIONS';
}
