import { anIntelligence, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredNeo4jClientService, desiredNeo4jHeadlessService } from './neo4j-services.ts';

const selector = { 'app.kubernetes.io/name': 'tapio-neo4j', 'app.kubernetes.io/instance': 'tapio', 'app.kubernetes.io/component': 'neo4j' };

describe('Neo4j Services', () => {
  it('the headless Service names every server for discovery, Raft and backups', () => {
    const service = desiredNeo4jHeadlessService(anIntelligence());
    expect(service?.metadata?.name).toBe('tapio-neo4j-headless');
    expect(service?.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector });
    expect(service?.spec?.ports?.map((port) => [port.name, port.port])).toEqual([
      ['http', 7474],
      ['bolt', 7687],
      ['cluster', 6000],
      ['raft', 7000],
      ['routing', 7688],
      ['backup', 6362],
    ]);
  });

  it('the client Service serves Bolt, HTTP and metrics', () => {
    const service = desiredNeo4jClientService(anIntelligence());
    expect(service?.metadata?.name).toBe('tapio-neo4j');
    expect(service?.spec?.ports?.map((port) => port.name)).toEqual(['http', 'bolt', 'metrics']);
  });

  it('neither exists with the embedded graph database', () => {
    const embedded = anIntelligence(withIntelligenceSpec({ embedded: true }));
    expect(desiredNeo4jHeadlessService(embedded)).toBeUndefined();
    expect(desiredNeo4jClientService(embedded)).toBeUndefined();
  });

  it('match the snapshot', () => {
    expect([desiredNeo4jHeadlessService(anIntelligence()), desiredNeo4jClientService(anIntelligence())]).toMatchSnapshot();
  });
});
