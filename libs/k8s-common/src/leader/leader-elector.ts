import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isAlreadyExists, isConflict, isNotFound } from '../client/errors.ts';
import type { KubeClient } from '../client/kube-client.ts';
import { ResourceTypes, resourcePath } from '../client/resource-type.ts';
import { formatMicroTime } from '../events/micro-time.ts';
import { silentLogger, type Logger } from '../logging.ts';
import type { Clock } from '../queue/clock.ts';
import { leaseSpecFor, recordFingerprint, recordFromLease, type Lease, type LeaderElectionRecord } from './lease-record.ts';
import { decideAcquire, isLeaseExpired, jittered, leaseDurationSeconds, renewDeadlinePassed, validateTimings } from './timing.ts';

/** Why leadership ended: `lost` (renewals failed or another holder took the Lease) or `stopped` (the run signal aborted). */
export type LeadershipEnd = 'lost' | 'stopped';

export interface LeaderElectorOptions {
  client: KubeClient;
  /** Namespace and name of the coordination.k8s.io/v1 Lease. */
  namespace: string;
  name: string;
  /** Unique per process; default `<hostname>_<uuid>`. */
  identity?: string;
  /** How long candidates wait, from the last change they saw, before taking over the Lease. Default 15 s. */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up leading. Default 10 s. */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  /** Hand the Lease over on a clean stop (`run`'s signal aborts), so a successor need not wait for it to expire. Default true. */
  releaseOnCancel?: boolean;
  logger?: Logger;
  /** Monotonic time and timers; lease expiry is judged on it. */
  clock?: Clock;
  /**
   * Called on becoming leader. `signal` aborts when the work should end: on a clean stop (`run`'s
   * signal) or when leadership is lost. `lost` aborts only, and at once, when leadership is lost:
   * from then on another process may lead, and nothing may be written (fence the client with it).
   *
   * On a clean stop the elector goes on renewing the Lease until the returned promise settles and
   * only then releases it, so the work winds down under a live Lease and a successor never starts
   * while this process still writes. The promise must therefore settle once `signal` aborts.
   */
  onStartedLeading: (signal: AbortSignal, lost: AbortSignal) => void | Promise<void>;
  /** Called once after leading ended (not if this process never led). On `lost` the process should exit non-zero. */
  onStoppedLeading: (end: LeadershipEnd) => void;
  /** Called when a different holder is observed, this process included. */
  onNewLeader?: (identity: string) => void;
  /** Called with true on becoming leader and false when leading ends (for the leader_election_master_status gauge). */
  onLeadershipChange?: (isLeader: boolean) => void;
}

type Attempt = { kind: 'acquired'; sentAtMs: number } | { kind: 'held'; holder: string } | { kind: 'failed' };

interface Observation {
  record: LeaderElectionRecord;
  fingerprint: string;
  /** Local monotonic time at which this record was first seen: what expiry is measured from. */
  atMs: number;
}

/**
 * Timers that keep the process alive (unlike the queue's system clock): waiting for the lease can
 * be all a standby replica does.
 */
const keepAliveClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, delayMs) {
    const timeout = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(timeout) };
  },
};

/**
 * Leader election on a coordination.k8s.io/v1 Lease with client-go's semantics
 * (tools/leaderelection): acquire a Lease that is absent, released or expired, renew it every
 * retry period with optimistic concurrency, and stop leading when renewals have not succeeded for
 * the renew deadline. Expiry is judged by when this process last saw the Lease change, never by
 * the holder's clock.
 *
 * Unlike client-go, a leader that reads the Lease and finds another live holder stops at once
 * rather than at the renew deadline: the Lease is the truth and two leaders must not overlap.
 * For the same reason a clean stop keeps renewing until the work has stopped, and only then
 * releases the Lease.
 */
export class LeaderElector {
  readonly identity: string;
  readonly #client: KubeClient;
  readonly #namespace: string;
  readonly #name: string;
  readonly #leaseDurationSeconds: number;
  readonly #renewDeadlineMs: number;
  readonly #retryPeriodMs: number;
  readonly #releaseOnCancel: boolean;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #callbacks: Pick<LeaderElectorOptions, 'onStartedLeading' | 'onStoppedLeading' | 'onNewLeader' | 'onLeadershipChange'>;
  /** The Lease as last read or written: its resourceVersion makes the next write conditional. */
  #lease: Lease | undefined;
  #observed: Observation | undefined;
  #reportedLeader = '';
  /** When the last successful acquire or renew was sent (monotonic). */
  #renewedAtMs = 0;
  #leading = false;
  #running = false;

  constructor(options: LeaderElectorOptions) {
    const timings = {
      leaseDurationMs: options.leaseDurationMs ?? 15_000,
      renewDeadlineMs: options.renewDeadlineMs ?? 10_000,
      retryPeriodMs: options.retryPeriodMs ?? 2_000,
    };
    validateTimings(timings);
    if (!options.namespace || !options.name) throw new RangeError('LeaderElector needs the namespace and name of the Lease');
    this.identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    if (!this.identity) throw new RangeError('LeaderElector identity must not be empty');
    this.#client = options.client;
    this.#namespace = options.namespace;
    this.#name = options.name;
    this.#leaseDurationSeconds = leaseDurationSeconds(timings.leaseDurationMs);
    this.#renewDeadlineMs = timings.renewDeadlineMs;
    this.#retryPeriodMs = timings.retryPeriodMs;
    this.#releaseOnCancel = options.releaseOnCancel ?? true;
    this.#clock = options.clock ?? keepAliveClock;
    this.#logger = (options.logger ?? silentLogger()).child({ component: 'leader-election', lease: `${options.namespace}/${options.name}`, identity: this.identity });
    this.#callbacks = options;
  }

  /** Whether this process leads now (between onStartedLeading and onStoppedLeading). */
  isLeader(): boolean {
    return this.#leading;
  }

  /** The holder this process last saw on the Lease; undefined when none was seen or the Lease is free. */
  leader(): string | undefined {
    return this.#observed?.record.holderIdentity || undefined;
  }

  /**
   * Campaigns until this process leads, then renews until `signal` aborts or leadership is lost.
   * Returns after either; API errors are logged and retried, and it never rejects (except when
   * called while already running).
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new Error(`LeaderElector ${this.#namespace}/${this.#name}: run() is already running`);
    this.#running = true;
    try {
      if (await this.#acquire(signal)) await this.#lead(signal);
    } catch (err) {
      this.#logger.error('leader election failed', { error: describe(err) });
    } finally {
      this.#running = false;
    }
  }

  async #acquire(signal: AbortSignal): Promise<boolean> {
    this.#logger.info('attempting to acquire the leader lease');
    while (!signal.aborted) {
      const attempt = await this.#withDeadline(signal, this.#renewDeadlineMs, (attemptSignal) => this.#tryAcquireOrRenew(attemptSignal));
      this.#reportLeader();
      if (attempt.kind === 'acquired') {
        this.#renewedAtMs = attempt.sentAtMs;
        this.#logger.info('acquired the leader lease');
        return true;
      }
      if (attempt.kind === 'held') this.#logger.debug('the lease is held by another candidate', { holder: attempt.holder });
      await sleep(this.#clock, jittered(this.#retryPeriodMs), signal);
    }
    return false;
  }

  async #lead(outer: AbortSignal): Promise<void> {
    const workEnds = new AbortController();
    const lost = new AbortController();
    this.#setLeading(true);
    const work = this.#startWork(workEnds.signal, lost.signal);
    // A clean stop ends the work first and the renewals only once it has stopped (controller-runtime
    // cancels the leader election after its runnables): every write the work makes is covered by the Lease.
    const renewing = new AbortController();
    const onStop = (): void => {
      this.#logger.info('stopping: renewing the leader lease until the work has stopped');
      workEnds.abort(outer.reason);
      void work.then(() => renewing.abort());
    };
    if (outer.aborted) onStop();
    else outer.addEventListener('abort', onStop, { once: true });
    let end: LeadershipEnd;
    try {
      end = await this.#holdLease(renewing.signal);
    } catch (err) {
      this.#logger.error('renewing the leader lease failed unexpectedly', { error: describe(err) });
      end = 'lost';
    } finally {
      outer.removeEventListener('abort', onStop);
    }
    // Lost: abort at once, and do not wait for the work: another process may be leading already.
    if (end === 'lost') lost.abort(new Error(`lost the leader lease ${this.#namespace}/${this.#name}`));
    workEnds.abort(lost.signal.reason);
    this.#setLeading(false);
    if (end === 'stopped' && this.#releaseOnCancel) await this.#release();
    this.#logger.info(end === 'lost' ? 'leadership lost' : 'stopped leading');
    invokeSafely(this.#logger, 'onStoppedLeading', () => this.#callbacks.onStoppedLeading(end));
  }

  /** Renews every retry period until `outer` aborts (`stopped`) or leadership is lost (`lost`). */
  async #holdLease(outer: AbortSignal): Promise<LeadershipEnd> {
    for (;;) {
      const deadlineMs = this.#renewedAtMs + this.#renewDeadlineMs;
      await sleep(this.#clock, Math.min(this.#retryPeriodMs, Math.max(0, deadlineMs - this.#clock.now())), outer);
      if (outer.aborted) return 'stopped';
      if (renewDeadlinePassed(this.#renewedAtMs, this.#renewDeadlineMs, this.#clock.now())) {
        this.#logger.warn('could not renew the leader lease within the renew deadline', { renewDeadlineMs: this.#renewDeadlineMs });
        return 'lost';
      }
      // Bounded by the deadline: an answer that comes later is worthless, leadership is over by then.
      const attempt = await this.#withDeadline(outer, deadlineMs - this.#clock.now(), (signal) => this.#tryAcquireOrRenew(signal));
      this.#reportLeader();
      if (outer.aborted) return 'stopped';
      if (attempt.kind === 'acquired') this.#renewedAtMs = attempt.sentAtMs;
      if (attempt.kind === 'held') {
        this.#logger.warn('the leader lease is held by another holder', { holder: attempt.holder });
        return 'lost';
      }
    }
  }

  /** One round of client-go's tryAcquireOrRenew. Never throws: API errors make it `failed`. */
  async #tryAcquireOrRenew(signal: AbortSignal): Promise<Attempt> {
    const sentAtMs = this.#clock.now();
    const now = formatMicroTime(Date.now());
    const ours = (acquireTime: string, leaseTransitions: number): LeaderElectionRecord => ({
      holderIdentity: this.identity,
      leaseDurationSeconds: this.#leaseDurationSeconds,
      acquireTime,
      renewTime: now,
      leaseTransitions,
    });

    // Fast path: a leader writes over the Lease it last wrote; the resourceVersion guards against
    // anyone having changed it since. Any failure falls back to reading the Lease.
    const observed = this.#observed;
    if (this.#lease && observed?.record.holderIdentity === this.identity && !isLeaseExpired(observed.atMs, observed.record.leaseDurationSeconds, sentAtMs)) {
      try {
        this.#remember(await this.#updateLease(this.#lease, ours(observed.record.acquireTime ?? now, observed.record.leaseTransitions), signal));
        return { kind: 'acquired', sentAtMs };
      } catch (err) {
        if (signal.aborted) return { kind: 'failed' };
        this.#logger.debug('optimistic lease renewal failed; reading the lease', { error: describe(err) });
      }
    }

    let current: Lease | undefined;
    try {
      current = await this.#getLease(signal);
    } catch (err) {
      this.#logger.warn('could not read the leader lease', { error: describe(err) });
      return { kind: 'failed' };
    }
    if (!current) {
      try {
        this.#remember(await this.#createLease(ours(now, 0), signal));
        return { kind: 'acquired', sentAtMs };
      } catch (err) {
        if (isAlreadyExists(err)) this.#logger.debug('another candidate created the leader lease first');
        else this.#logger.warn('could not create the leader lease', { error: describe(err) });
        return { kind: 'failed' };
      }
    }

    this.#lease = current;
    const record = recordFromLease(current);
    const observation = this.#observe(record, false);
    const decision = decideAcquire(this.identity, record, observation.atMs, sentAtMs);
    if (decision === 'wait') return { kind: 'held', holder: record.holderIdentity };
    const next = decision === 'renew' ? ours(record.acquireTime ?? now, record.leaseTransitions) : ours(now, record.leaseTransitions + 1);
    try {
      this.#remember(await this.#updateLease(current, next, signal));
      return { kind: 'acquired', sentAtMs };
    } catch (err) {
      // 409: another candidate wrote the Lease between our read and write, and won this round.
      if (isConflict(err)) this.#logger.debug('the leader lease changed while we wrote it', { error: describe(err) });
      else this.#logger.warn('could not update the leader lease', { error: describe(err) });
      return { kind: 'failed' };
    }
  }

  /** client-go's release: clear the holder and shorten the lease to 1 s, so a candidate takes over on its next try. */
  async #release(): Promise<void> {
    await this.#withDeadline(new AbortController().signal, this.#renewDeadlineMs, async (signal) => {
      while (!signal.aborted) {
        let current: Lease | undefined;
        try {
          current = await this.#getLease(signal);
        } catch (err) {
          this.#logger.warn('could not read the leader lease to release it', { error: describe(err) });
          return;
        }
        const record = current && recordFromLease(current);
        if (!current || !record || record.holderIdentity !== this.identity) return;
        const now = formatMicroTime(Date.now());
        try {
          const released = await this.#updateLease(current, { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: record.leaseTransitions }, signal);
          this.#remember(released);
          this.#logger.info('released the leader lease');
          return;
        } catch (err) {
          // A renewal in flight when the stop came may have landed after our read: read again.
          if (isConflict(err)) continue;
          this.#logger.warn('could not release the leader lease', { error: describe(err) });
          return;
        }
      }
    });
  }

  #remember(lease: Lease): void {
    this.#lease = lease;
    this.#observe(recordFromLease(lease), true);
  }

  /** Our own writes always restart the clock; someone else's record only when it changed. */
  #observe(record: LeaderElectionRecord, ownWrite: boolean): Observation {
    const fingerprint = recordFingerprint(record);
    if (ownWrite || !this.#observed || this.#observed.fingerprint !== fingerprint) {
      this.#observed = { record, fingerprint, atMs: this.#clock.now() };
    }
    return this.#observed;
  }

  #reportLeader(): void {
    const holder = this.#observed?.record.holderIdentity ?? '';
    if (holder === this.#reportedLeader) return;
    this.#reportedLeader = holder;
    if (!holder) return;
    this.#logger.info('new leader observed', { leader: holder });
    const onNewLeader = this.#callbacks.onNewLeader;
    if (onNewLeader) invokeSafely(this.#logger, 'onNewLeader', () => onNewLeader(holder));
  }

  #setLeading(leading: boolean): void {
    this.#leading = leading;
    const onLeadershipChange = this.#callbacks.onLeadershipChange;
    if (onLeadershipChange) invokeSafely(this.#logger, 'onLeadershipChange', () => onLeadershipChange(leading));
  }

  #startWork(signal: AbortSignal, lost: AbortSignal): Promise<void> {
    return (async () => {
      try {
        await this.#callbacks.onStartedLeading(signal, lost);
      } catch (err) {
        this.#logger.error('onStartedLeading failed', { error: describe(err) });
      }
    })();
  }

  /** Runs `fn` with a signal that aborts when `outer` does or after `ms` on the elector's clock. */
  async #withDeadline<T>(outer: AbortSignal, ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(outer.reason);
    if (outer.aborted) onAbort();
    else outer.addEventListener('abort', onAbort, { once: true });
    const timer = this.#clock.setTimer(() => controller.abort(new Error(`deadline of ${Math.round(ms)} ms passed`)), Math.max(0, ms));
    try {
      return await fn(controller.signal);
    } finally {
      timer.cancel();
      outer.removeEventListener('abort', onAbort);
    }
  }

  #getLease(signal: AbortSignal): Promise<Lease | undefined> {
    return this.#client.request<Lease>({ method: 'GET', path: resourcePath(ResourceTypes.Lease, this.#namespace, this.#name), signal }).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
  }

  #createLease(record: LeaderElectionRecord, signal: AbortSignal): Promise<Lease> {
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.#name, namespace: this.#namespace },
      spec: leaseSpecFor(record),
    };
    return this.#client.request<Lease>({ method: 'POST', path: resourcePath(ResourceTypes.Lease, this.#namespace), body: lease, signal, bypassWriteFence: true });
  }

  #updateLease(current: Lease, record: LeaderElectionRecord, signal: AbortSignal): Promise<Lease> {
    const lease: Lease = { ...current, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: leaseSpecFor(record, current.spec) };
    // The Lease is written before leadership and released after it: the write fence is not for it.
    return this.#client.request<Lease>({ method: 'PUT', path: resourcePath(ResourceTypes.Lease, this.#namespace, this.#name), body: lease, signal, bypassWriteFence: true });
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      timer.cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimer(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function invokeSafely(logger: Logger, name: string, callback: () => unknown): void {
  try {
    const result = callback();
    if (result instanceof Promise) result.catch((err: unknown) => logger.error(`${name} failed`, { error: describe(err) }));
  } catch (err) {
    logger.error(`${name} failed`, { error: describe(err) });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
