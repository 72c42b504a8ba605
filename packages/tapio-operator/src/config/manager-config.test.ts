import { tapioSettings } from './manager-config.ts';

const CONFIG = 'reconcileInterval: 45s\nleaderElection: false\nwebhooks:\n  enabled: false\nmetrics:\n  port: 9000\nhealth:\n  port: 9001\n';

describe('tapioSettings', () => {
  it('takes the ConfigMap text for what no flag sets', () => {
    const { manager, operator } = tapioSettings('tapio-operator', [], { TAPIO_OPERATOR_CONFIG: CONFIG });
    expect(manager).toMatchObject({ resyncPeriodMs: 45_000, leaderElect: false, metricsBindAddress: ':9000', healthProbeBindAddress: ':9001' });
    expect(operator.webhooks.enabled).toBe(false);
  });

  it('lets flags and the environment win over the file', () => {
    const { manager } = tapioSettings('tapio-operator', ['--resync-period=5s', '--leader-elect', 'true'], { TAPIO_OPERATOR_CONFIG: CONFIG, METRICS_BIND_ADDRESS: ':7000' });
    expect(manager).toMatchObject({ resyncPeriodMs: 5_000, leaderElect: true, metricsBindAddress: ':7000', healthProbeBindAddress: ':9001' });
  });

  it('keeps the kit\'s defaults without a file, and names the key of a bad one', () => {
    expect(tapioSettings('tapio-operator', [], {}).manager.resyncPeriodMs).toBe(600_000);
    expect(() => tapioSettings('tapio-operator', [], { TAPIO_OPERATOR_CONFIG: 'metrics:\n  port: http\n' })).toThrow(/metrics\.port/);
  });
});
