// Restore of a TapioIntelligence's Neo4j from a backup: with every server stopped, one Job per server
// writes the backup into that server's volume (a volume is ReadWriteOnce, so each Job mounts one);
// rollout/restore.ts decides which Jobs run and when Neo4j starts again.
import type { V1Job, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { BACKUP_MOUNT_PATH, backupVolumeClaimName } from './neo4j-backup.ts';
import { neo4jDataClaimName } from './neo4j-names.ts';
import { NEO4J_DATA_DIR, NEO4J_UID, neo4jDataClaimSpec } from './neo4j-statefulset.ts';
import { childMetadata, componentLabels, componentSelector, resourceName, resourceNamespace } from './metadata.ts';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, sized } from './pods.ts';

/** `<intelligence>-restore-<8 hex of the backup>-<ordinal>`: at most 63 characters (see MAX_INTELLIGENCE_NAME_LENGTH). */
export function restoreJobName(intelligence: DefaultedTapioIntelligence, backupName: string, ordinal: number): string {
  return `${resourceName(intelligence)}-restore-${stableHash(backupName, 8)}-${ordinal}`;
}

const RESTORE_SCRIPT = [
  'set -eu',
  `neo4j-admin database restore --from-path="${BACKUP_MOUNT_PATH}/\${BACKUP_NAME}" --overwrite-destination=true '*'`,
].join('\n');

/** The Job that restores `spec.restore.backupName` into server `ordinal`'s volume; undefined without a restore. */
export function desiredRestoreJob(intelligence: DefaultedTapioIntelligence, ordinal: number): V1Job | undefined {
  const { restore, neo4j, embedded } = intelligence.spec;
  if (embedded || !restore) return undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: childMetadata(intelligence, restoreJobName(intelligence, restore.backupName, ordinal), 'neo4j-restore'),
    spec: {
      backoffLimit: 1,
      template: {
        metadata: { labels: componentLabels(intelligence, 'neo4j-restore') },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'restore',
              image: neo4j.image,
              command: ['/bin/sh', '-c', RESTORE_SCRIPT],
              env: [
                { name: 'BACKUP_NAME', value: restore.backupName },
                { name: 'NEO4J_ACCEPT_LICENSE_AGREEMENT', value: neo4j.licenseAgreement },
              ],
              volumeMounts: [
                { name: 'backups', mountPath: BACKUP_MOUNT_PATH, readOnly: true },
                { name: 'data', mountPath: NEO4J_DATA_DIR },
              ],
              resources: sized('250m', '512Mi', '2Gi'),
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
            },
          ],
          volumes: [
            { name: 'backups', persistentVolumeClaim: { claimName: backupVolumeClaimName(intelligence), readOnly: true } },
            { name: 'data', persistentVolumeClaim: { claimName: neo4jDataClaimName(intelligence, ordinal) } },
          ],
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(NEO4J_UID),
        },
      },
    },
  };
}

/**
 * Server `ordinal`'s data volume as the StatefulSet would make it (same name, identity labels and
 * spec), for a restore into a Neo4j that never ran: the restore Job needs it first, and the
 * StatefulSet adopts it when it starts. No owner reference, like the StatefulSet's own claims.
 */
export function desiredRestoreDataClaim(intelligence: DefaultedTapioIntelligence, ordinal: number): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: neo4jDataClaimName(intelligence, ordinal), namespace: resourceNamespace(intelligence), labels: componentSelector(intelligence, 'neo4j') },
    spec: neo4jDataClaimSpec(intelligence),
  };
}
