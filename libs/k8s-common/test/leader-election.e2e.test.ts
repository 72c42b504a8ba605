import { LeaderElector, ResourceTypes, formatMicroTime, type KubeClient, type Lease, type LeadershipEnd } from '../src/index.ts';
import { createTestNamespace, sleep, testClient, waitFor } from '../src/testing/index.ts';

// Short timings keep the suite fast; their ratios are client-go's (lease > deadline > 1.2 × retry).
const LEASE_DURATION_MS = 4_000;
const RENEW_DEADLINE_MS = 3_000;
const RETRY_PERIOD_MS = 500;

/** What an elector's callbacks reported. */
interface Seen {
  leadershipChanges: boolean[];
  newLeaders: string[];
  leadingSignal?: AbortSignal;
  lostSignal?: AbortSignal;
  startedLeadingAt?: number;
  stoppedWith?: LeadershipEnd;
  stoppedAt?: number;
}

/** One elector with its own client, as if it were its own process. */
interface Candidate {
  identity: string;
  elector: LeaderElector;
  client: KubeClient;
  stop: AbortController;
  done: Promise<void>;
  seen: Seen;
}

describe('LeaderElector against the API server', () => {
  let admin: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let candidates: Candidate[] = [];
  let leaseName: string;
  let leaseCounter = 0;

  beforeAll(async () => {
    admin = await testClient();
    ns = await createTestNamespace(admin, 'leader');
  });
  afterAll(async () => {
    await ns.cleanup();
    await admin.close();
  });
  beforeEach(() => {
    leaseName = `operator-leader-${++leaseCounter}`;
  });
  afterEach(async () => {
    for (const candidate of candidates) candidate.stop.abort();
    await Promise.all(candidates.map((c) => c.done));
    await Promise.all(candidates.map((c) => c.client.close()));
    candidates = [];
  });

  async function startCandidate(identity: string, options: { releaseOnCancel?: boolean; work?: () => Promise<void> } = {}): Promise<Candidate> {
    const client = await testClient();
    const stop = new AbortController();
    const seen: Seen = { leadershipChanges: [], newLeaders: [] };
    const elector = new LeaderElector({
      client,
      namespace: ns.name,
      name: leaseName,
      identity,
      leaseDurationMs: LEASE_DURATION_MS,
      renewDeadlineMs: RENEW_DEADLINE_MS,
      retryPeriodMs: RETRY_PERIOD_MS,
      ...(options.releaseOnCancel !== undefined ? { releaseOnCancel: options.releaseOnCancel } : {}),
      onStartedLeading: (signal, lost) => {
        seen.leadingSignal = signal;
        seen.lostSignal = lost;
        seen.startedLeadingAt = Date.now();
        return options.work?.();
      },
      onStoppedLeading: (end) => {
        seen.stoppedWith = end;
        seen.stoppedAt = Date.now();
      },
      onNewLeader: (leader) => seen.newLeaders.push(leader),
      onLeadershipChange: (isLeader) => seen.leadershipChanges.push(isLeader),
    });
    const candidate = { identity, elector, client, stop, done: elector.run(stop.signal), seen };
    candidates.push(candidate);
    return candidate;
  }

  const getLease = () => admin.get<Lease>(ResourceTypes.Lease, leaseName, ns.name);
  const leaderOf = (group: Candidate[]) => group.filter((c) => c.elector.isLeader());

  it('lets exactly one of two candidates lead, and records it in the Lease', async () => {
    const a = await startCandidate('candidate-a');
    const b = await startCandidate('candidate-b');
    const [leader] = await waitFor(() => leaderOf([a, b]).length > 0 && leaderOf([a, b]), { timeoutMs: 10_000, description: 'a leader' });
    if (!leader) throw new Error('no leader');
    const follower = leader === a ? b : a;

    // Six retry periods: both keep trying, the leader renews, the follower must never step in.
    const deadline = Date.now() + 6 * RETRY_PERIOD_MS;
    while (Date.now() < deadline) {
      expect(leaderOf([a, b])).toEqual([leader]);
      await sleep(100);
    }

    const lease = await getLease();
    expect(lease.spec?.holderIdentity).toBe(leader.identity);
    expect(lease.spec?.leaseDurationSeconds).toBe(4);
    expect(lease.spec?.renewTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(follower.seen.newLeaders).toEqual([leader.identity]);
    expect(follower.seen.leadershipChanges).toEqual([]);
    expect(leader.seen.leadershipChanges).toEqual([true]);
    expect(leader.seen.leadingSignal?.aborted).toBe(false);

    // Renewals move renewTime forward and keep the holder and the acquire time.
    await sleep(2 * RETRY_PERIOD_MS + 200);
    const renewed = await getLease();
    expect(renewed.spec?.holderIdentity).toBe(leader.identity);
    expect(renewed.spec?.acquireTime).toBe(lease.spec?.acquireTime);
    expect(Date.parse(renewed.spec?.renewTime ?? '')).toBeGreaterThan(Date.parse(lease.spec?.renewTime ?? ''));
  });

  it('releases the Lease on a clean stop, and the other candidate takes over at once', async () => {
    const a = await startCandidate('candidate-a');
    await waitFor(() => a.elector.isLeader(), { timeoutMs: 10_000, description: 'candidate-a to lead' });
    const b = await startCandidate('candidate-b');
    await waitFor(() => b.seen.newLeaders.includes('candidate-a'), { timeoutMs: 5_000, description: 'candidate-b to see candidate-a lead' });
    const transitionsBefore = (await getLease()).spec?.leaseTransitions ?? 0;

    const stoppedAt = Date.now();
    a.stop.abort();
    await a.done;
    expect(a.seen.stoppedWith).toBe('stopped');
    expect(a.seen.leadingSignal?.aborted).toBe(true);
    expect(a.seen.lostSignal?.aborted).toBe(false);
    expect(a.seen.leadershipChanges).toEqual([true, false]);

    await waitFor(() => b.elector.isLeader(), { timeoutMs: 3_000, intervalMs: 50, description: 'candidate-b to take over after the release' });
    const takeoverMs = (b.seen.startedLeadingAt ?? Infinity) - stoppedAt;
    // Without the release, candidate-b would have had to wait the full lease duration.
    expect(takeoverMs).toBeLessThan(LEASE_DURATION_MS - 1_000);
    const lease = await getLease();
    expect(lease.spec?.holderIdentity).toBe('candidate-b');
    expect(lease.spec?.leaseDurationSeconds).toBe(4);
    expect(lease.spec?.leaseTransitions).toBe(transitionsBefore + 1);
  });

  it('on a clean stop renews the Lease until the work has stopped, and only then releases it', async () => {
    let finishWork = (): void => undefined;
    const a = await startCandidate('candidate-a', { work: () => new Promise<void>((resolve) => (finishWork = resolve)) });
    await waitFor(() => a.elector.isLeader(), { timeoutMs: 10_000, description: 'candidate-a to lead' });
    const renewedAtStop = Date.parse((await getLease()).spec?.renewTime ?? '');

    a.stop.abort();
    expect(a.seen.leadingSignal?.aborted).toBe(true);
    // Longer than the renew deadline: a leader that stopped renewing at the stop would have lost the Lease by now.
    await sleep(RENEW_DEADLINE_MS + 2 * RETRY_PERIOD_MS);
    expect(a.elector.isLeader()).toBe(true);
    const lease = await getLease();
    expect(lease.spec?.holderIdentity).toBe('candidate-a');
    expect(Date.parse(lease.spec?.renewTime ?? '') - renewedAtStop).toBeGreaterThanOrEqual(RENEW_DEADLINE_MS);

    finishWork();
    await a.done;
    expect(a.seen.stoppedWith).toBe('stopped');
    expect(a.seen.lostSignal?.aborted).toBe(false);
    expect((await getLease()).spec?.holderIdentity).toBe('');
  });

  it('replaces a leader that stopped renewing without releasing, once its lease has expired', async () => {
    const a = await startCandidate('candidate-a', { releaseOnCancel: false });
    await waitFor(() => a.elector.isLeader(), { timeoutMs: 10_000, description: 'candidate-a to lead' });
    const b = await startCandidate('candidate-b');
    await waitFor(() => b.seen.newLeaders.includes('candidate-a'), { timeoutMs: 5_000, description: 'candidate-b to see candidate-a lead' });

    // Like a crash: renewals stop and the Lease still names candidate-a.
    const crashedAt = Date.now();
    a.stop.abort();
    await a.done;
    expect((await getLease()).spec?.holderIdentity).toBe('candidate-a');

    await sleep(LEASE_DURATION_MS / 2);
    expect(b.elector.isLeader()).toBe(false);
    expect((await getLease()).spec?.holderIdentity).toBe('candidate-a');

    await waitFor(() => b.elector.isLeader(), { timeoutMs: LEASE_DURATION_MS + 4_000, intervalMs: 50, description: 'candidate-b to take over the expired lease' });
    const takeoverMs = (b.seen.startedLeadingAt ?? 0) - crashedAt;
    // candidate-a's last renewal was sent at most a retry period (plus a round trip) before the crash,
    // and candidate-b cannot have seen it earlier than it was written.
    expect(takeoverMs).toBeGreaterThan(LEASE_DURATION_MS - 2 * RETRY_PERIOD_MS);
    expect((await getLease()).spec?.holderIdentity).toBe('candidate-b');
  });

  it('stops leading within the renew deadline when another holder takes the Lease', async () => {
    const a = await startCandidate('candidate-a');
    await waitFor(() => a.elector.isLeader(), { timeoutMs: 10_000, description: 'candidate-a to lead' });

    const lease = await getLease();
    const now = formatMicroTime(Date.now());
    await admin.replace<Lease>(ResourceTypes.Lease, {
      ...lease,
      spec: { ...lease.spec, holderIdentity: 'intruder', leaseDurationSeconds: 60, acquireTime: now, renewTime: now, leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 },
    });
    const stolenAt = Date.now();

    await waitFor(() => a.seen.stoppedWith, { timeoutMs: RENEW_DEADLINE_MS + 2_000, intervalMs: 50, description: 'candidate-a to stop leading' });
    expect(a.seen.stoppedWith).toBe('lost');
    expect((a.seen.stoppedAt ?? Infinity) - stolenAt).toBeLessThan(RENEW_DEADLINE_MS);
    expect(a.seen.leadingSignal?.aborted).toBe(true);
    expect(a.seen.lostSignal?.aborted).toBe(true);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.seen.leadershipChanges).toEqual([true, false]);
    // run() ends after losing, without the caller aborting it.
    await a.done;
    expect(a.stop.signal.aborted).toBe(false);
    // A leader that lost must not write its name back over the new holder's.
    await sleep(2 * RETRY_PERIOD_MS);
    expect((await getLease()).spec?.holderIdentity).toBe('intruder');
  });

  it('judges expiry by its own observation, not by the holder’s renewTime', async () => {
    // A Lease whose renewTime is an hour old: a candidate trusting it would take over at once.
    const hourAgo = formatMicroTime(Date.now() - 3_600_000);
    await admin.create<Lease>(ResourceTypes.Lease, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: leaseName, namespace: ns.name },
      spec: { holderIdentity: 'skewed-holder', leaseDurationSeconds: 4, acquireTime: hourAgo, renewTime: hourAgo, leaseTransitions: 5 },
    });
    const createdAt = Date.now();
    const a = await startCandidate('candidate-a');

    await sleep(LEASE_DURATION_MS / 2);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.seen.newLeaders).toEqual(['skewed-holder']);

    await waitFor(() => a.elector.isLeader(), { timeoutMs: LEASE_DURATION_MS + 4_000, intervalMs: 50, description: 'candidate-a to take over the unrenewed lease' });
    expect((a.seen.startedLeadingAt ?? 0) - createdAt).toBeGreaterThanOrEqual(LEASE_DURATION_MS);
    const lease = await getLease();
    expect(lease.spec?.holderIdentity).toBe('candidate-a');
    expect(lease.spec?.leaseTransitions).toBe(6);
  });
});
