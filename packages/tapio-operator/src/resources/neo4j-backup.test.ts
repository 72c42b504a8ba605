import type { TapioIntelligence } from '../api/v1alpha1/tapiointelligence.ts';
import { anIntelligence, exampleCluster, highlyAvailable, intelligenceOf, withAnnotations, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredBackupCronJob, desiredBackupVolumeClaim, desiredOnDemandBackupJob, onDemandBackupJobName } from './neo4j-backup.ts';

const backups = withIntelligenceSpec({ neo4j: { backup: { enabled: true, schedule: '0 2 * * *' } } });
const onDemand = withAnnotations<TapioIntelligence>({ 'tapio.io/backup-now': '1700000000' });

describe('desiredBackupVolumeClaim', () => {
  it('exists only when a backup may be written, and outlives the TapioIntelligence', () => {
    expect(desiredBackupVolumeClaim(anIntelligence())).toBeUndefined();
    const claim = desiredBackupVolumeClaim(anIntelligence(backups));
    expect(claim?.metadata?.name).toBe('tapio-backups');
    expect(claim?.metadata?.ownerReferences).toBeUndefined();
    expect(claim?.metadata?.labels).toMatchObject({ 'app.kubernetes.io/component': 'neo4j-backup' });
    expect(desiredBackupVolumeClaim(anIntelligence(onDemand))).toBeDefined();
  });

  it('exists for a restore, whose Jobs read the backup from it', () => {
    expect(desiredBackupVolumeClaim(anIntelligence(withIntelligenceSpec({ restore: { backupName: 'nightly' } })))?.metadata?.name).toBe('tapio-backups');
  });

  it('is as large as a data volume unless backup.storage says otherwise', () => {
    expect(desiredBackupVolumeClaim(intelligenceOf(exampleCluster('production-ha')))?.spec?.resources?.requests).toEqual({ storage: '500Gi' });
    const sized = anIntelligence(withIntelligenceSpec({ neo4j: { backup: { enabled: true, schedule: '@daily', storage: '1Ti', storageClass: 'cold' } } }));
    expect(desiredBackupVolumeClaim(sized)?.spec).toMatchObject({ resources: { requests: { storage: '1Ti' } }, storageClassName: 'cold' });
  });
});

describe('desiredBackupCronJob', () => {
  it('exists only with scheduled backups', () => {
    expect(desiredBackupCronJob(anIntelligence())).toBeUndefined();
    expect(desiredBackupCronJob(anIntelligence(withIntelligenceSpec({ embedded: true })))).toBeUndefined();
  });

  const cronJob = desiredBackupCronJob(intelligenceOf(exampleCluster('production-ha')));
  const pod = cronJob?.spec?.jobTemplate.spec?.template.spec;
  const container = pod?.containers[0];
  const env = Object.fromEntries((container?.env ?? []).map((entry) => [entry.name, entry.value ?? entry.valueFrom]));

  it('runs on the schedule, one at a time', () => {
    expect(cronJob?.metadata?.name).toBe('production-backup');
    expect(cronJob?.spec).toMatchObject({ schedule: '0 2 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600 });
  });

  it('backs every server up into a directory named after its Job, and keeps the retention', () => {
    expect(env.BACKUP_FROM).toBe([0, 1, 2].map((n) => `production-neo4j-${n}.production-neo4j-headless.tapio.svc:6362`).join(','));
    expect(env.BACKUP_NAME).toEqual({ fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } });
    expect(env.RETENTION).toBe('7');
    expect(container?.command?.[2]).toContain('neo4j-admin database backup');
    expect(pod?.volumes).toEqual([{ name: 'backups', persistentVolumeClaim: { claimName: 'production-backups' } }]);
  });

  it('labels its pods as backups, which the Neo4j NetworkPolicy admits', () => {
    expect(cronJob?.spec?.jobTemplate.spec?.template.metadata?.labels).toMatchObject({ 'app.kubernetes.io/component': 'neo4j-backup' });
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 7474 });
  });

  it('matches the snapshot', () => {
    expect(cronJob).toMatchSnapshot();
  });
});

describe('desiredOnDemandBackupJob', () => {
  it('is undefined without the annotation', () => {
    expect(desiredOnDemandBackupJob(anIntelligence(backups))).toBeUndefined();
    expect(desiredOnDemandBackupJob(anIntelligence(withAnnotations<TapioIntelligence>({ 'tapio.io/backup-now': '' })))).toBeUndefined();
  });

  it('is one Job per annotation value, named after it, recording the value', () => {
    const job = desiredOnDemandBackupJob(anIntelligence(highlyAvailable, onDemand));
    expect(job?.metadata?.name).toBe(onDemandBackupJobName(anIntelligence(), '1700000000'));
    expect(job?.metadata?.name).toMatch(/^tapio-backup-[0-9a-f]{8}$/);
    expect(job?.metadata?.annotations).toEqual({ 'tapio.io/backup-now': '1700000000' });
    expect(onDemandBackupJobName(anIntelligence(), '1700000001')).not.toBe(job?.metadata?.name);
  });

  it('runs the same backup as the schedule does', () => {
    const intelligence = anIntelligence(backups, onDemand);
    expect(desiredOnDemandBackupJob(intelligence)?.spec).toEqual(desiredBackupCronJob(intelligence)?.spec?.jobTemplate.spec);
  });

  it('matches the snapshot', () => {
    expect(desiredOnDemandBackupJob(anIntelligence(onDemand))).toMatchSnapshot();
  });
});
