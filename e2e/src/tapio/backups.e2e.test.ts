// Neo4j backups and restore: an on-demand backup (the tapio.io/backup-now annotation) runs as a Job
// whose success shows in status.lastBackup; a restore named on a TapioIntelligence runs its Job
// before any Neo4j server starts, and status records the outcome. kwok runs the Jobs' pods to
// completion, as a kubelet would report them.
import type { V1Job, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { example, TapioClusters, TapioIntelligences, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

const BACKUP_NOW = 'tapio.io/backup-now';

describe('Tapio backups and restore', () => {
  const env = useOperator('tapio-operator', 'tapio-backups', WITHOUT_WEBHOOKS);
  const intelligence = (name: string) => env.client.get<Tapio & { status?: { lastBackup?: { name: string; completionTime: string }; restore?: { phase: string; backupName: string } } }>(TapioIntelligences, name, env.namespace);

  it('an on-demand backup runs as a Job and its success shows in status', async () => {
    await env.client.create(TapioClusters, example('minimal-development.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    await env.client.patch(TapioClusters, 'dev', env.namespace, { metadata: { annotations: { [BACKUP_NOW]: 'e2e-1' } } });
    const recorded = await waitFor(async () => (await intelligence('dev')).status?.lastBackup, { timeoutMs: 60_000, description: 'status.lastBackup' });
    expect(recorded.name).toMatch(/^dev-backup-[0-9a-f]{8}$/);
    const job = await env.client.get<V1Job>(ResourceTypes.Job, recorded.name, env.namespace);
    expect(job.metadata?.annotations?.[BACKUP_NOW]).toBe('e2e-1');
    expect(job.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
    // The backups land on a volume of their own, kept like the data volumes.
    expect(await env.client.tryGet(ResourceTypes.PersistentVolumeClaim, 'dev-backups', env.namespace)).toBeDefined();
  });

  it('a restore runs its Job before Neo4j starts, and status records it', async () => {
    await env.client.create(TapioIntelligences, {
      apiVersion: TapioIntelligences.apiVersion,
      kind: 'TapioIntelligence',
      metadata: { name: 'restored', namespace: env.namespace },
      spec: { natsUrl: 'nats://dev-nats:4222', restore: { backupName: 'dev-backup-1' } },
    });
    let last: unknown;
    const restored = await waitFor(async () => {
      const current = await intelligence('restored');
      last = current.status;
      return current.status?.restore?.phase === 'Succeeded' && current;
    }, { timeoutMs: 40_000, description: 'status.restore.phase Succeeded' }).catch((err: Error) => {
      throw new Error(`${err.message}; status: ${JSON.stringify(last)}; logs: ${env.operator.logs().split('\n').filter((l) => /error|warn/i.test(l)).slice(-8).join('\n')}`);
    });
    expect(restored.status?.restore?.backupName).toBe('dev-backup-1');
    // The restore Job is removed once it succeeded; status keeps when.
    const restoreDone = Date.parse(String((restored.status?.restore as { completionTime?: string } | undefined)?.completionTime));
    expect(Number.isNaN(restoreDone)).toBe(false);
    const server = await waitFor(async () => {
      const ready = ((await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'restored-neo4j', env.namespace)).status?.readyReplicas ?? 0) === 1;
      return ready && env.client.tryGet<V1Pod>(ResourceTypes.Pod, 'restored-neo4j-0', env.namespace);
    }, { timeoutMs: 60_000, description: 'Neo4j to start after the restore' });
    expect(Date.parse(String(server.metadata?.creationTimestamp))).toBeGreaterThanOrEqual(restoreDone);
    await waitForReady(env.client, TapioIntelligences, env.namespace, 'restored');
  });
});
