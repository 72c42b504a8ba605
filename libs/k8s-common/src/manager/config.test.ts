import { parseBindAddress, parseDuration, parseManagerConfig } from './config.ts';

describe('parseManagerConfig', () => {
  it('has controller-runtime-like defaults', () => {
    const c = parseManagerConfig('op', [], {});
    expect(c).toMatchObject({ namespaces: [], leaderElect: true, leaderElectionId: 'op-leader', metricsBindAddress: ':8080', healthProbeBindAddress: ':8081', logLevel: 'info', resyncPeriodMs: 600_000, cacheSyncTimeoutMs: 120_000 });
  });
  it('takes a cache sync timeout, 0s meaning none', () => {
    expect(parseManagerConfig('op', ['--cache-sync-timeout=30s'], {}).cacheSyncTimeoutMs).toBe(30_000);
    expect(parseManagerConfig('op', [], { CACHE_SYNC_TIMEOUT: '0s' }).cacheSyncTimeoutMs).toBe(0);
  });
  it('prefers flags over environment', () => {
    const c = parseManagerConfig('op', ['--leader-elect=false', '--namespaces', 'a,b', '--log-level=debug', '--set', 'image=x:1'], { LEADER_ELECT: 'true', WATCH_NAMESPACE: 'c', OPERATOR_DEFAULT_TAG: 'v1' });
    expect(c.leaderElect).toBe(false);
    expect(c.namespaces).toEqual(['a', 'b']);
    expect(c.logLevel).toBe('debug');
    expect(c.extra).toEqual({ image: 'x:1', defaultTag: 'v1' });
  });
  it('takes environment when no flag is given', () => {
    expect(parseManagerConfig('op', [], { WATCH_NAMESPACE: 'ns1', POD_NAMESPACE: 'sys' })).toMatchObject({ namespaces: ['ns1'], leaderElectionNamespace: 'sys' });
  });
  it('rejects unknown flags and bad values with a clear message', () => {
    expect(() => parseManagerConfig('op', ['--nope'], {})).toThrow(/unknown flag --nope/);
    expect(() => parseManagerConfig('op', ['--log-level=loud'], {})).toThrow(/log-level/);
    expect(() => parseManagerConfig('op', ['--leader-elect=maybe'], {})).toThrow(/boolean/);
  });
  it('parses durations and bind addresses', () => {
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('10m')).toBe(600_000);
    expect(() => parseDuration('10')).toThrow(/duration/);
    expect(parseBindAddress(':8080')).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(parseBindAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseBindAddress('0')).toBeUndefined();
  });
});
