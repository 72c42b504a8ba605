import { parseManagerConfig } from '@operators/k8s-common';
import { webhookSettings } from './webhook-server.ts';

const config = (...args: string[]) => parseManagerConfig('tapio-operator', ['--leader-election-namespace=tapio-system', ...args], {});

describe('webhookSettings', () => {
  it('serves on the ConfigMap\'s port with self-managed TLS for the chart\'s Service by default', () => {
    expect(webhookSettings(config(), true, 9443)).toEqual({
      enabled: true,
      host: '0.0.0.0',
      port: 9443,
      serviceName: 'tapio-operator-webhook',
      namespace: 'tapio-system',
      configurationName: 'tapio-operator',
      certIpAddresses: [],
      certRenewal: {},
    });
  });

  it('takes the --set overrides: off, a mounted certificate, another port and IP SANs', () => {
    expect(webhookSettings(config('--set=webhooksEnabled=false'), true, 9443).enabled).toBe(false);
    expect(webhookSettings(config('--set=webhookCertDir=/certs', '--set=webhookPort=0', '--set=webhookCertIpAddresses=127.0.0.1, ::1'), true, 9443)).toMatchObject({
      certDir: '/certs',
      port: 0,
      certIpAddresses: ['127.0.0.1', '::1'],
    });
    expect(() => webhookSettings(config('--set=webhookPort=https'), true, 9443)).toThrow(/webhookPort/);
  });

  it('takes the self-managed certificate\'s life and renewal from --set, and rejects what cannot work', () => {
    expect(webhookSettings(config('--set=webhookCertValidity=720h', '--set=webhookCertRenewBefore=0.25', '--set=webhookCertCheckInterval=5m'), true, 9443).certRenewal).toEqual({
      validityMs: 720 * 3_600_000,
      renewBefore: 0.25,
      checkIntervalMs: 300_000,
    });
    expect(() => webhookSettings(config('--set=webhookCertValidity=forever'), true, 9443)).toThrow(/not a duration/);
    expect(() => webhookSettings(config('--set=webhookCertCheckInterval=0'), true, 9443)).toThrow(/webhookCertCheckInterval must be a positive duration/);
    expect(() => webhookSettings(config('--set=webhookCertRenewBefore=1'), true, 9443)).toThrow(/webhookCertRenewBefore/);
  });
});
