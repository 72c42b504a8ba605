import { load } from 'js-yaml';
import { aCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredGatewayConfigMap, gatewayConfig, gatewayConfigHash } from './gateway-config.ts';

describe('gatewayConfig', () => {
  it('names the correlation service upstream and the rate limit of the spec', () => {
    expect(load(gatewayConfig(aCluster()))).toEqual({
      listen: ':8080',
      metricsListen: ':9090',
      upstream: 'http://dev-correlation.tapio.svc:8080',
      rateLimit: { requestsPerSecond: 100, burst: 200 },
      authentication: { enabled: false },
    });
  });

  it('carries a changed rate limit and the token file when authentication is on', () => {
    const cluster = aCluster(withClusterSpec({ gateway: { rateLimit: { requestsPerSecond: 5, burst: 10 }, authentication: { enabled: true, secretName: 'api-tokens' } } }));
    expect(load(gatewayConfig(cluster))).toMatchObject({
      rateLimit: { requestsPerSecond: 5, burst: 10 },
      authentication: { enabled: true, tokensFile: '/etc/tapio/tokens/tokens' },
    });
  });

  it('is <cluster>-gateway, and its hash follows the rate limit', () => {
    const configMap = desiredGatewayConfigMap(aCluster());
    expect(configMap.metadata?.name).toBe('dev-gateway');
    expect(gatewayConfigHash(configMap)).toBe(gatewayConfigHash(desiredGatewayConfigMap(aCluster())));
    expect(gatewayConfigHash(desiredGatewayConfigMap(aCluster(withClusterSpec({ gateway: { rateLimit: { burst: 1 } } }))))).not.toBe(gatewayConfigHash(configMap));
  });

  it('matches the snapshot', () => {
    expect(desiredGatewayConfigMap(aCluster())).toMatchSnapshot();
  });
});
