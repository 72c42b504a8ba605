// The cluster controller's side of the NATS credentials (resources/nats-credentials.ts has the
// steps): the Secret read directly (the operator caches no Secrets) and created when absent, what
// runs read from the cache, one step decided and written back with the Secret's resourceVersion (a
// concurrent writer makes it a conflict, retried).
import { randomBytes } from 'node:crypto';
import type { V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes, type Manager } from '@operators/k8s-common';
import { CLUSTER_LABEL, CONFIG_HASH_ANNOTATION } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { NATS_CLIENTS } from '../resources/cluster-network-policies.ts';
import { componentSelector, platformName } from '../resources/metadata.ts';
import { desiredNatsConfigMap, natsConfigHash } from '../resources/nats-config.ts';
import {
  acceptedSlots,
  desiredNatsCredentialsSecret,
  initialNatsCredentials,
  NATS_USER_ANNOTATION,
  NATS_USERNAME,
  readNatsCredentials,
  ROTATE_NATS_CREDENTIALS_ANNOTATION,
  ROTATION_PHASE_ANNOTATION,
  ROTATION_REQUEST_ANNOTATION,
  stepNatsCredentialRotation,
  type NatsCredentials,
  type NatsSlot,
  type NatsUser,
} from '../resources/nats-credentials.ts';
import { natsCredentialsSecretName, natsStatefulSetName } from '../resources/nats-names.ts';
import { workloadVerdict } from '../support/workload-verdict.ts';
import { ensureGeneratedSecret, generatePassword } from './generated-secret.ts';
import { podsMatching } from './owned-pods.ts';

const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** A rotation's new user: a fresh name too, as NATS tells its users apart by name. */
const generateNatsUser = (): NatsUser => ({ username: `${NATS_USERNAME}-${randomBytes(3).toString('hex')}`, password: generatePassword() });
/** While a rotation waits for pods that no watch of this controller reports (collector pods), look again this often. */
export const ROTATION_RECHECK_MS = 5_000;

export interface NatsCredentialsOutcome {
  credentials: NatsCredentials;
  /** While a rotation runs: what it waits for. */
  waiting?: string;
}

export async function reconcileNatsCredentials(manager: Manager, cluster: ProfiledTapioCluster, signal: AbortSignal): Promise<NatsCredentialsOutcome> {
  const name = natsCredentialsSecretName(cluster);
  const namespace = cluster.metadata.namespace;
  let live = await manager.client.tryGet<V1Secret>(ResourceTypes.Secret, name, namespace, { signal });
  if (!live) {
    await ensureGeneratedSecret(manager, ({ password }) => desiredNatsCredentialsSecret(cluster, initialNatsCredentials(password)), signal);
    live = await manager.client.get<V1Secret>(ResourceTypes.Secret, name, namespace, { signal });
  }
  const current = readNatsCredentials(live);
  const step = stepNatsCredentialRotation(current, {
    ...(cluster.metadata.annotations?.[ROTATE_NATS_CREDENTIALS_ANNOTATION] !== undefined ? { requested: cluster.metadata.annotations[ROTATE_NATS_CREDENTIALS_ANNOTATION] } : {}),
    serversCurrent: serversCurrent(manager, cluster, acceptedSlots(current)),
    clientPodUsers: clientPods(manager, cluster).map((pod) => pod.metadata?.annotations?.[NATS_USER_ANNOTATION] ?? ''),
  }, generateNatsUser);
  const desired = desiredNatsCredentialsSecret(cluster, step.credentials);
  if (!holds(live, desired)) {
    const { [ROTATION_REQUEST_ANNOTATION]: _request, [ROTATION_PHASE_ANNOTATION]: _phase, ...others } = live.metadata?.annotations ?? {};
    const annotations = { ...others, ...desired.metadata?.annotations };
    await manager.client.replace(ResourceTypes.Secret, { ...live, metadata: { ...live.metadata, annotations }, data: encode(desired.stringData ?? {}) }, undefined, { signal });
    manager.events.event(cluster, 'Normal', 'NATSCredentialsRotation', describeStep(current, step.credentials));
  }
  return { credentials: step.credentials, ...(step.waiting ? { waiting: step.waiting } : {}) };
}

/** Every NATS server runs the template for these slots, and is ready. */
function serversCurrent(manager: Manager, cluster: ProfiledTapioCluster, slots: NatsSlot[]): boolean {
  const statefulSet = manager.cache.get<V1StatefulSet>(ResourceTypes.StatefulSet, natsStatefulSetName(cluster), cluster.metadata.namespace);
  if (statefulSet?.spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION] !== natsConfigHash(desiredNatsConfigMap(cluster, slots))) return false;
  const verdict = workloadVerdict(statefulSet, { pods: podsMatching(manager, cluster.metadata.namespace, componentSelector(cluster, 'nats')) });
  return verdict.current && verdict.ready;
}

/** The platform's pods that connect to NATS (collectors, correlation service), terminating ones too. */
function clientPods(manager: Manager, cluster: ProfiledTapioCluster) {
  const clients = new Set<string>(NATS_CLIENTS);
  return podsMatching(manager, cluster.metadata.namespace, { [CLUSTER_LABEL]: platformName(cluster) }).filter((pod) =>
    clients.has(pod.metadata?.labels?.[COMPONENT_LABEL] ?? ''),
  );
}

function encode(stringData: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(stringData).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]));
}

/** Whether the live Secret holds exactly the desired keys and rotation annotations. */
function holds(live: V1Secret, desired: V1Secret): boolean {
  const want = encode(desired.stringData ?? {});
  const have = live.data ?? {};
  const sameData = Object.keys(want).length === Object.keys(have).length && Object.entries(want).every(([key, value]) => have[key] === value);
  const annotation = (secret: V1Secret, key: string) => secret.metadata?.annotations?.[key];
  return sameData && [ROTATION_REQUEST_ANNOTATION, ROTATION_PHASE_ANNOTATION].every((key) => annotation(live, key) === annotation(desired, key));
}

function describeStep(before: NatsCredentials, after: NatsCredentials): string {
  if (after.phase === 'accepting') return `rotating the NATS credentials: the servers roll to accept the new user ${Object.values(after.slots).find((u) => u && u.username !== after.clients.username)?.username}`;
  if (after.phase === 'retiring') return `the NATS servers accept user ${after.clients.username}: the clients roll to it`;
  const retired = Object.values(before.slots).find((user) => user && user.username !== before.clients.username)?.username;
  if (before.phase === 'retiring') return `every client runs as ${after.clients.username}: the servers roll to refuse ${retired}`;
  return 'NATS credentials Secret brought up to date (credential slots)';
}
