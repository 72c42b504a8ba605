// Backups of a TapioIntelligence's Neo4j: a volume that outlives it, a CronJob on the schedule, and a
// Job for each on-demand request (the tapio.io/backup-now annotation). Each backup is a directory
// named after the Job that wrote it, which is what restore.backupName takes.
import type { V1CronJob, V1Job, V1JobSpec, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { BACKUP_NOW_ANNOTATION } from '../api/v1alpha1/group.ts';
import { NEO4J_PORTS, neo4jServerList } from './neo4j-names.ts';
import { NEO4J_UID } from './neo4j-statefulset.ts';
import { childMetadata, componentLabels, dataMetadata, resourceName } from './metadata.ts';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, sized } from './pods.ts';

export const BACKUP_MOUNT_PATH = '/backups';
export const backupVolumeClaimName = (intelligence: DefaultedTapioIntelligence): string => `${resourceName(intelligence)}-backups`;
/** At most 45 characters (the TapioIntelligence at most 43): a CronJob name is at most 52, its Jobs add 11. */
export const backupCronJobName = (intelligence: DefaultedTapioIntelligence): string => `${resourceName(intelligence)}-backup`;

/** The on-demand backup asked for now: the annotation's value, if any. */
export function requestedOnDemandBackup(intelligence: DefaultedTapioIntelligence): string | undefined {
  const value = intelligence.metadata.annotations?.[BACKUP_NOW_ANNOTATION];
  return value === undefined || value === '' ? undefined : value;
}

/** `<intelligence>-backup-<8 hex>`: one name per annotation value, so each new value is one new backup. */
export function onDemandBackupJobName(intelligence: DefaultedTapioIntelligence, request: string): string {
  return `${backupCronJobName(intelligence)}-${stableHash(request, 8)}`;
}

/**
 * The backup volume, whenever a backup may be written (scheduled or on demand) or read (a restore:
 * its Jobs mount it, so without it they would never start). It carries no owner
 * reference: the backups outlive the TapioIntelligence, like the data they back up.
 */
export function desiredBackupVolumeClaim(intelligence: DefaultedTapioIntelligence): V1PersistentVolumeClaim | undefined {
  const { embedded, neo4j, restore } = intelligence.spec;
  if (embedded || (!neo4j.backup.enabled && requestedOnDemandBackup(intelligence) === undefined && restore === undefined)) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: dataMetadata(intelligence, backupVolumeClaimName(intelligence), 'neo4j-backup'),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: String(neo4j.backup.storage ?? neo4j.storage) } },
      ...(neo4j.backup.storageClass ? { storageClassName: neo4j.backup.storageClass } : {}),
    },
  };
}

export function desiredBackupCronJob(intelligence: DefaultedTapioIntelligence): V1CronJob | undefined {
  const { embedded, neo4j } = intelligence.spec;
  if (embedded || !neo4j.backup.enabled || neo4j.backup.schedule === undefined) return undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: childMetadata(intelligence, backupCronJobName(intelligence), 'neo4j-backup'),
    spec: {
      schedule: neo4j.backup.schedule,
      // A backup still running when the next is due is not doubled; one missed for longer than an
      // hour (the controller was down) is skipped rather than run at a surprising time.
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { metadata: { labels: componentLabels(intelligence, 'neo4j-backup') }, spec: backupJobSpec(intelligence) },
    },
  };
}

/**
 * The Job for the current tapio.io/backup-now value; undefined when none is asked for. The Job stays
 * until the value changes (no TTL): were it deleted, the same value would ask for it again.
 */
export function desiredOnDemandBackupJob(intelligence: DefaultedTapioIntelligence): V1Job | undefined {
  const request = requestedOnDemandBackup(intelligence);
  if (intelligence.spec.embedded || request === undefined) return undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      ...childMetadata(intelligence, onDemandBackupJobName(intelligence, request), 'neo4j-backup'),
      annotations: { [BACKUP_NOW_ANNOTATION]: request },
    },
    spec: backupJobSpec(intelligence),
  };
}

// Writes /backups/<job name>, then deletes the oldest backups beyond the retention.
const BACKUP_SCRIPT = [
  'set -eu',
  'target="/backups/${BACKUP_NAME}"',
  'mkdir -p "${target}"',
  `neo4j-admin database backup --from="\${BACKUP_FROM}" --to-path="\${target}" --include-metadata=all '*'`,
  'ls -1dt /backups/*/ | tail -n "+$((RETENTION + 1))" | xargs -r rm -rf --',
].join('\n');

function backupJobSpec(intelligence: DefaultedTapioIntelligence): V1JobSpec {
  const { neo4j } = intelligence.spec;
  return {
    backoffLimit: 2,
    // A backup that hangs (a server unreachable) fails after six hours instead of blocking the schedule.
    activeDeadlineSeconds: 6 * 3600,
    template: {
      metadata: { labels: componentLabels(intelligence, 'neo4j-backup') },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'backup',
            image: neo4j.image,
            command: ['/bin/sh', '-c', BACKUP_SCRIPT],
            env: [
              { name: 'BACKUP_NAME', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } },
              { name: 'BACKUP_FROM', value: neo4jServerList(intelligence, NEO4J_PORTS.backup) },
              { name: 'RETENTION', value: String(neo4j.backup.retention) },
              { name: 'NEO4J_ACCEPT_LICENSE_AGREEMENT', value: neo4j.licenseAgreement },
            ],
            volumeMounts: [{ name: 'backups', mountPath: BACKUP_MOUNT_PATH }],
            resources: sized('250m', '512Mi', '2Gi'),
            securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
          },
        ],
        volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: backupVolumeClaimName(intelligence) } }],
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(NEO4J_UID),
      },
    },
  };
}
