import { anIntelligence, highlyAvailable, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredRestoreDataClaim, desiredRestoreJob, restoreJobName } from './neo4j-restore.ts';
import { desiredNeo4jStatefulSet } from './neo4j-statefulset.ts';

const restoring = withIntelligenceSpec({ restore: { backupName: 'tapio-backup-29180000' } });

describe('desiredRestoreJob', () => {
  it('is undefined without a restore', () => {
    expect(desiredRestoreJob(anIntelligence(), 0)).toBeUndefined();
  });

  const job = desiredRestoreJob(anIntelligence(highlyAvailable, restoring), 2);
  const pod = job?.spec?.template.spec;

  it('is named after the backup and the server, within a label value', () => {
    expect(job?.metadata?.name).toBe(restoreJobName(anIntelligence(), 'tapio-backup-29180000', 2));
    expect(job?.metadata?.name).toMatch(/^tapio-restore-[0-9a-f]{8}-2$/);
    expect(restoreJobName(anIntelligence(), 'x', 0).length).toBeLessThanOrEqual(63);
  });

  it("writes the named backup into that server's volume, reading the backups read-only", () => {
    expect(pod?.volumes).toEqual([
      { name: 'backups', persistentVolumeClaim: { claimName: 'tapio-backups', readOnly: true } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data-tapio-neo4j-2' } },
    ]);
    expect(pod?.containers[0]?.env).toContainEqual({ name: 'BACKUP_NAME', value: 'tapio-backup-29180000' });
    expect(pod?.containers[0]?.command?.[2]).toContain('neo4j-admin database restore');
    expect(job?.metadata?.labels).toMatchObject({ 'app.kubernetes.io/component': 'neo4j-restore' });
  });

  it('matches the snapshot', () => {
    expect(job).toMatchSnapshot();
  });
});

describe('desiredRestoreDataClaim', () => {
  it('is the claim the StatefulSet would make, so that the StatefulSet adopts it', () => {
    const intelligence = anIntelligence(restoring);
    const claim = desiredRestoreDataClaim(intelligence, 0);
    const template = desiredNeo4jStatefulSet(intelligence, { stopped: true })?.spec?.volumeClaimTemplates?.[0];
    expect(claim.metadata?.name).toBe('data-tapio-neo4j-0');
    expect(claim.metadata?.labels).toEqual(template?.metadata?.labels);
    expect(claim.spec).toEqual(template?.spec);
    expect(claim.metadata?.ownerReferences).toBeUndefined();
  });
});
