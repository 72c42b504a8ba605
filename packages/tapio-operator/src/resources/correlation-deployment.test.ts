import { anIntelligence, exampleCluster, intelligenceOf, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredCorrelationDeployment } from './correlation-deployment.ts';
import { containerNamed } from './pods.ts';

const envOf = (intelligence: ReturnType<typeof anIntelligence>) =>
  Object.fromEntries((containerNamed(desiredCorrelationDeployment(intelligence).spec?.template.spec?.containers, 'correlation').env ?? []).map((env) => [env.name, env.value ?? env.valueFrom]));

describe('desiredCorrelationDeployment', () => {
  const deployment = desiredCorrelationDeployment(anIntelligence());

  it('is the stable track of <intelligence>-correlation', () => {
    expect(deployment.metadata?.name).toBe('tapio-correlation');
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'tapio-correlation',
      'app.kubernetes.io/instance': 'tapio',
      'app.kubernetes.io/component': 'correlation',
      'tapio.io/track': 'stable',
    });
    expect(deployment.spec?.template.metadata?.annotations?.['tapio.io/revision']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads NATS with the platform user and Neo4j with its own', () => {
    expect(envOf(anIntelligence())).toMatchObject({
      TAPIO_NATS_URL: 'nats://tapio-nats.tapio.svc:4222',
      TAPIO_NATS_USER: { secretKeyRef: { name: 'tapio-nats-credentials', key: 'username' } },
      TAPIO_GRAPH_BACKEND: 'neo4j',
      TAPIO_NEO4J_URI: 'neo4j://tapio-neo4j.tapio.svc:7687',
      TAPIO_NEO4J_PASSWORD: { secretKeyRef: { name: 'tapio-neo4j-auth', key: 'password' } },
    });
  });

  it('runs the embedded graph on its volume, replaced rather than rolled (one pod may hold the volume)', () => {
    const embedded = anIntelligence(withIntelligenceSpec({ embedded: true }));
    const env = envOf(embedded);
    expect(env.TAPIO_GRAPH_BACKEND).toBe('embedded');
    expect(env.TAPIO_NEO4J_URI).toBeUndefined();
    const spec = desiredCorrelationDeployment(embedded).spec;
    expect(spec?.strategy).toEqual({ type: 'Recreate' });
    expect(spec?.template.spec?.volumes).toContainEqual({ name: 'graph', persistentVolumeClaim: { claimName: 'tapio-graph' } });
  });

  it('rolls without losing a ready pod with Neo4j', () => {
    expect(deployment.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  it('takes spec.resources from the cluster, a small size when lightweight', () => {
    const production = desiredCorrelationDeployment(intelligenceOf(exampleCluster('production-ha')));
    expect(containerNamed(production.spec?.template.spec?.containers, 'correlation').resources).toEqual({
      requests: { memory: '16Gi', cpu: '4' },
      limits: { memory: '32Gi', cpu: '8' },
    });
    const edge = desiredCorrelationDeployment(intelligenceOf(exampleCluster('edge')));
    expect(containerNamed(edge.spec?.template.spec?.containers, 'correlation').resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  it('leaves replicas to the autoscaler when autoscaling is on', () => {
    expect(desiredCorrelationDeployment(anIntelligence(withIntelligenceSpec({ correlation: { autoscaling: { enabled: true } } }))).spec).not.toHaveProperty('replicas');
  });

  it('matches the snapshot for production-ha', () => {
    expect(desiredCorrelationDeployment(intelligenceOf(exampleCluster('production-ha')))).toMatchSnapshot();
  });
});
