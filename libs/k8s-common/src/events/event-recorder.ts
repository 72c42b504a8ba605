import { hostname } from 'node:os';
import { ApiError, isNotFound, isTransient, WriteFencedError } from '../client/errors.ts';
import type { KubeClient, KubeObject } from '../client/kube-client.ts';
import { ResourceTypes } from '../client/resource-type.ts';
import { silentLogger, type Logger } from '../logging.ts';
import { systemClock, type Clock, type TimerHandle } from '../queue/clock.ts';
import {
  ACTION_MAX_BYTES,
  NOTE_MAX_BYTES,
  REASON_MAX_BYTES,
  REPORTING_INSTANCE_MAX_BYTES,
  eventName,
  eventNamespace,
  isQualifiedName,
  objectReference,
  seriesKey,
  spamKey,
  truncateUtf8,
  type EventType,
  type KubeEvent,
} from './event-fields.ts';
import { formatMicroTime } from './micro-time.ts';
import { SpamFilter } from './spam-filter.ts';

export interface EventRecorderOptions {
  client: KubeClient;
  /** Who reports, e.g. `streambus-operator`; must be a qualified name (the API server checks). */
  reportingController: string;
  /** Which replica reports, typically the pod name; default the hostname (a pod's name). */
  reportingInstance?: string;
  logger?: Logger;
  clock?: Clock;
  /** Events one object may produce at once (per type) before the spam filter drops more. Default 25. */
  burst?: number;
  /** How fast an object's budget refills, in events per second. Default 1 per 5 minutes. */
  qpsPerObject?: number;
  /** How long after its last occurrence a repeat still joins the series. Default 6 minutes. */
  seriesWindowMs?: number;
  /** Least time between two writes to one Event. Default 30 seconds. */
  seriesUpdateIntervalMs?: number;
}

const DEFAULT_BURST = 25;
const DEFAULT_QPS_PER_OBJECT = 1 / 300;
const DEFAULT_SERIES_WINDOW_MS = 6 * 60_000;
const DEFAULT_SERIES_UPDATE_INTERVAL_MS = 30_000;
// client-go's broadcaster: 12 tries 10 s apart (±25%) while the API server is unreachable.
const MAX_TRIES = 12;
const RETRY_DELAY_MS = 10_000;
const RETRY_JITTER = 0.25;
// Bounds what a burst across many objects may hold in memory and put on the wire at once.
const MAX_QUEUED_WRITES = 1000;
const MAX_CONCURRENT_WRITES = 8;
const SWEEP_INTERVAL_MS = 60_000;

/** One Event object and the occurrences folded into it. */
interface Series {
  readonly key: string;
  readonly event: KubeEvent;
  count: number;
  lastObservedMs: number;
  lastObservedTime: string;
  /** The count the server has; the Event needs a write while `count` is ahead of it. */
  writtenCount: number;
  created: boolean;
  lastWriteMs: number;
  failures: number;
  queued: boolean;
  writing: boolean;
  timer: TimerHandle | undefined;
  /** Given up on (write failed for good, or replaced): never written again. */
  abandoned: boolean;
}

/**
 * Records events.k8s.io/v1 Events the way client-go's event broadcaster does, for use inside
 * reconciles: `event()` never blocks, never throws and never waits for the API server.
 *
 * - A repeat of an event (same object, type, reason, action, note and related object) within the
 *   series window is not a new Event: it raises `series.count` and `series.lastObservedTime`.
 *   Counts accumulate in memory and reach the server at most once per update interval per Event,
 *   so a hot loop costs one write per interval, not one per occurrence.
 * - A new Event about an object takes a token from that object's bucket (burst 25, refill one per
 *   5 minutes); without a token it is dropped. Repeats cost no token, since they cost no new object.
 * - Writes that fail because the server is unreachable are retried; rejected ones are logged with
 *   the error's reason and dropped. The note is never logged.
 */
export class EventRecorder {
  readonly reportingController: string;
  readonly reportingInstance: string;
  readonly #client: KubeClient;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #spamFilter: SpamFilter;
  readonly #seriesWindowMs: number;
  readonly #updateIntervalMs: number;
  readonly #series = new Map<string, Series>();
  readonly #queue: Series[] = [];
  #activeWrites = 0;
  #idleWaiters: (() => void)[] = [];
  #flushing = 0;
  #closed = false;
  #lastSweepMs: number;

  constructor(options: EventRecorderOptions) {
    if (!isQualifiedName(options.reportingController)) {
      throw new RangeError(`reportingController must be a qualified name (like "streambus-operator"), got "${options.reportingController}"`);
    }
    const instance = options.reportingInstance ?? hostname();
    if (!instance) throw new RangeError('reportingInstance must not be empty');
    this.reportingController = options.reportingController;
    this.reportingInstance = truncateUtf8(instance, REPORTING_INSTANCE_MAX_BYTES);
    this.#client = options.client;
    this.#logger = (options.logger ?? silentLogger()).child({ component: 'event-recorder' });
    this.#clock = options.clock ?? systemClock;
    this.#spamFilter = new SpamFilter({ burst: options.burst ?? DEFAULT_BURST, qps: options.qpsPerObject ?? DEFAULT_QPS_PER_OBJECT, clock: this.#clock });
    this.#seriesWindowMs = options.seriesWindowMs ?? DEFAULT_SERIES_WINDOW_MS;
    this.#updateIntervalMs = options.seriesUpdateIntervalMs ?? DEFAULT_SERIES_UPDATE_INTERVAL_MS;
    this.#lastSweepMs = this.#clock.now();
  }

  /**
   * Reports that `action` happened (or failed) to `regarding` because of `reason`. `regarding` needs
   * apiVersion, kind and metadata.name (objects from a list lack apiVersion and kind: set them).
   */
  event(regarding: KubeObject, type: EventType, reason: string, note: string, action: string = reason, related?: KubeObject): void {
    try {
      this.#record(regarding, type, reason, note, action, related);
    } catch (err) {
      // A reconcile must not fail because an event could not be recorded.
      this.#logger.warn('could not record event', { reason, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Sends everything pending now, regardless of the update interval, and waits for the writes to settle. */
  async flush(): Promise<void> {
    this.#flushing++;
    try {
      for (const series of this.#series.values()) {
        if (!needsWrite(series) || series.writing) continue;
        series.timer?.cancel();
        series.timer = undefined;
        this.#enqueue(series);
      }
      await this.#idle();
    } finally {
      this.#flushing--;
    }
  }

  /** Flushes, then stops: later events are ignored and no timer is left behind. */
  async close(): Promise<void> {
    if (this.#closed) return this.#idle();
    this.#closed = true;
    await this.flush();
    for (const series of this.#series.values()) {
      series.timer?.cancel();
      series.timer = undefined;
    }
    this.#series.clear();
  }

  #record(regarding: KubeObject, type: EventType, reason: string, note: string, action: string, related: KubeObject | undefined): void {
    const refRegarding = objectReference(regarding);
    if (!refRegarding) {
      this.#logger.warn('event not recorded: the regarding object needs apiVersion, kind and metadata.name', { reason, kind: regarding.kind });
      return;
    }
    if (type !== 'Normal' && type !== 'Warning') {
      this.#logger.warn('event not recorded: type must be Normal or Warning', { reason, type: String(type) });
      return;
    }
    if (!reason || !action) {
      this.#logger.warn('event not recorded: reason and action must not be empty', { kind: refRegarding.kind, name: refRegarding.name });
      return;
    }
    if (this.#closed) {
      this.#logger.debug('event not recorded: the recorder is closed', { reason });
      return;
    }
    const refRelated = related ? objectReference(related) : undefined;
    const nowMs = this.#clock.now();
    const wallMs = Date.now();
    const fields = {
      type,
      reason: truncateUtf8(reason, REASON_MAX_BYTES),
      action: truncateUtf8(action, ACTION_MAX_BYTES),
      note: truncateUtf8(note, NOTE_MAX_BYTES),
      regarding: refRegarding,
      ...(refRelated ? { related: refRelated } : {}),
    };
    this.#sweep(nowMs);

    const key = seriesKey(fields);
    const existing = this.#series.get(key);
    if (existing && !existing.abandoned && nowMs - existing.lastObservedMs < this.#seriesWindowMs) {
      existing.count++;
      existing.lastObservedMs = nowMs;
      existing.lastObservedTime = formatMicroTime(wallMs);
      this.#schedule(existing);
      return;
    }
    if (!this.#spamFilter.tryAccept(spamKey(fields))) {
      this.#logger.debug('event dropped by the spam filter', { reason: fields.reason, kind: refRegarding.kind, namespace: refRegarding.namespace, name: refRegarding.name });
      return;
    }
    if (this.#queue.length >= MAX_QUEUED_WRITES) {
      this.#logger.warn('event dropped: too many events waiting to be written', { reason: fields.reason });
      return;
    }
    if (existing) this.#abandon(existing);
    const eventTime = formatMicroTime(wallMs);
    const series: Series = {
      key,
      event: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: eventName(refRegarding.name, wallMs), namespace: eventNamespace(refRegarding) },
        eventTime,
        reportingController: this.reportingController,
        reportingInstance: this.reportingInstance,
        ...fields,
      },
      count: 1,
      lastObservedMs: nowMs,
      lastObservedTime: eventTime,
      writtenCount: 0,
      created: false,
      lastWriteMs: nowMs,
      failures: 0,
      queued: false,
      writing: false,
      timer: undefined,
      abandoned: false,
    };
    this.#series.set(key, series);
    this.#schedule(series);
  }

  /** Puts the series on the write queue now, or arms a timer for when it may be written. */
  #schedule(series: Series): void {
    if (series.abandoned || series.queued || series.writing || series.timer || !needsWrite(series)) return;
    const delayMs = this.#delayBeforeWrite(series);
    if (delayMs <= 0) {
      this.#enqueue(series);
      return;
    }
    series.timer = this.#clock.setTimer(() => {
      series.timer = undefined;
      this.#enqueue(series);
    }, delayMs);
  }

  #delayBeforeWrite(series: Series): number {
    if (series.failures > 0) return RETRY_DELAY_MS * (1 + RETRY_JITTER * (2 * Math.random() - 1));
    if (!series.created || this.#flushing > 0) return 0;
    return series.lastWriteMs + this.#updateIntervalMs - this.#clock.now();
  }

  #enqueue(series: Series): void {
    if (series.abandoned || series.queued || series.writing) return;
    series.queued = true;
    this.#queue.push(series);
    // Deferred: the caller's loop finishes first, so a burst of repeats reaches the server as one write.
    queueMicrotask(() => this.#pump());
  }

  #pump(): void {
    while (this.#activeWrites < MAX_CONCURRENT_WRITES && this.#queue.length > 0) {
      const series = this.#queue.shift() as Series;
      series.queued = false;
      if (series.abandoned || !needsWrite(series)) continue;
      series.writing = true;
      this.#activeWrites++;
      void this.#write(series).finally(() => {
        series.writing = false;
        this.#activeWrites--;
        this.#schedule(series);
        this.#pump();
      });
    }
    if (this.#activeWrites === 0 && this.#queue.length === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #idle(): Promise<void> {
    if (this.#activeWrites === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #write(series: Series): Promise<void> {
    const count = series.count;
    const seriesField = count > 1 ? { series: { count, lastObservedTime: series.lastObservedTime } } : {};
    const { name, namespace } = series.event.metadata;
    try {
      if (series.created) {
        try {
          await this.#client.patch(ResourceTypes.Event, name, namespace, seriesField, 'merge');
        } catch (err) {
          if (!isNotFound(err)) throw err;
          // The Event expired (the API server keeps Events for an hour) or was deleted: write it again.
          await this.#client.create(ResourceTypes.Event, { ...series.event, ...seriesField }, namespace);
        }
      } else {
        await this.#client.create(ResourceTypes.Event, { ...series.event, ...seriesField }, namespace);
        series.created = true;
      }
      series.writtenCount = count;
      series.failures = 0;
      series.lastWriteMs = this.#clock.now();
    } catch (err) {
      this.#onWriteFailed(series, err);
    }
  }

  #onWriteFailed(series: Series, err: unknown): void {
    const { reason, regarding } = series.event;
    const context = {
      reason,
      kind: regarding.kind,
      namespace: regarding.namespace,
      name: regarding.name,
      // Only the error's reason: a server message may echo the Event's fields, the note among them.
      error: err instanceof ApiError ? `${err.statusCode} ${err.reason}` : err instanceof Error ? err.name : 'unknown',
    };
    if (err instanceof WriteFencedError) {
      // This process lost leadership (or released it): its pending Events go with it.
      this.#logger.debug('event not written: writes are fenced', context);
      this.#abandon(series);
      return;
    }
    series.failures++;
    if (isTransient(err) && series.failures < MAX_TRIES) {
      this.#logger.debug('could not write event; will retry', { ...context, attempt: series.failures });
      return;
    }
    this.#logger.warn('could not write event; dropped', { ...context, attempts: series.failures });
    this.#abandon(series);
  }

  #abandon(series: Series): void {
    series.abandoned = true;
    series.timer?.cancel();
    series.timer = undefined;
    if (this.#series.get(series.key) === series) this.#series.delete(series.key);
  }

  /** Forgets series that ended (no repeat within the window) and refilled spam buckets. */
  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.#lastSweepMs = nowMs;
    for (const series of this.#series.values()) {
      if (nowMs - series.lastObservedMs >= this.#seriesWindowMs && !needsWrite(series) && !series.writing) this.#series.delete(series.key);
    }
    this.#spamFilter.prune();
  }
}

function needsWrite(series: Series): boolean {
  return !series.created || series.count > series.writtenCount;
}
