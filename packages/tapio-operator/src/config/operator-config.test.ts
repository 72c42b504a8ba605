import { readExample } from '../../test/fixtures.ts';
import { managerSettings, operatorConfigFromConfigMap, parseOperatorConfig } from './operator-config.ts';
import type { V1ConfigMap } from '@kubernetes/client-node';

describe('parseOperatorConfig', () => {
  it("reads the README's ConfigMap", () => {
    const result = operatorConfigFromConfigMap(readExample('operator-config') as V1ConfigMap);
    expect(result).toEqual({
      ok: true,
      value: { reconcileIntervalMs: 30_000, leaderElection: true, webhooks: { enabled: true, port: 9443 }, metricsPort: 8080, healthPort: 8081 },
    });
  });

  it('fills in every default for an empty file or no ConfigMap', () => {
    const defaults = { reconcileIntervalMs: 30_000, leaderElection: true, webhooks: { enabled: true, port: 9443 }, metricsPort: 8080, healthPort: 8081 };
    expect(parseOperatorConfig('')).toEqual({ ok: true, value: defaults });
    expect(operatorConfigFromConfigMap(undefined)).toEqual({ ok: true, value: defaults });
  });

  it('takes what is set: compound durations, webhooks off, other ports', () => {
    expect(parseOperatorConfig('reconcileInterval: 1m30s\nleaderElection: false\nwebhooks:\n  enabled: false\nmetrics:\n  port: 9000\nhealth:\n  port: 9001\n')).toEqual({
      ok: true,
      value: { reconcileIntervalMs: 90_000, leaderElection: false, webhooks: { enabled: false, port: 9443 }, metricsPort: 9000, healthPort: 9001 },
    });
  });

  it.each([
    ['reconcileInterval: soon', 'reconcileInterval'],
    ['leaderElection: maybe', 'leaderElection'],
    ['webhooks:\n  enabled: 1', 'webhooks.enabled'],
    ['metrics:\n  port: 70000', 'metrics.port'],
    ['metrics:\n  prot: 8080', 'metrics.prot'],
    ['reconcileinterval: 30s', 'reconcileinterval'],
  ])('names the key that is wrong: %j', (text, path) => {
    const result = parseOperatorConfig(text);
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toContain(path);
  });

  it('rejects ports that clash, and text that is not YAML', () => {
    expect(parseOperatorConfig('metrics:\n  port: 8081\n')).toEqual({
      ok: false,
      errors: [
        { path: 'metrics.port', message: 'must differ from the other ports' },
        { path: 'health.port', message: 'must differ from the other ports' },
      ],
    });
    expect(parseOperatorConfig('webhooks: [')).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringMatching(/^config.yaml is not YAML/) }] });
  });
});

describe('managerSettings', () => {
  it('maps the file onto the Manager: periodic reconcile, leader election, bind addresses', () => {
    const result = parseOperatorConfig('reconcileInterval: 45s\nleaderElection: false\nmetrics: {port: 9100}\nhealth: {port: 9101}\n');
    expect(result.ok && managerSettings(result.value)).toEqual({ resyncPeriodMs: 45_000, leaderElect: false, metricsBindAddress: ':9100', healthProbeBindAddress: ':9101' });
  });
});
