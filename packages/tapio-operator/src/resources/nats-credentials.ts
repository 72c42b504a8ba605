// The platform's NATS credentials, and their rotation without downtime.
//
// The Secret `<cluster>-nats-credentials` holds the user the clients (collectors, correlation
// service) connect as, under `username`/`password`, and the users the NATS servers accept, in two
// slots (`a-…`, `b-…`). A rotation (a new value of the TapioCluster's rotate annotation) goes, one
// step per reconcile, each step waiting for what the previous one started:
//   1. Accepting: a new user in the free slot; the servers roll and then accept both.
//   2. Switching: once every server runs with both, the clients' user becomes the new one; the
//      clients roll (their pod templates name their user).
//   3. Retiring: once no client pod runs as the old user, its slot is emptied; the servers roll and
//      accept only the new one.
// At no point does a running client hold a user the servers refuse. The Secret is the state, so a
// restarted operator goes on where the last one stopped.
import type { V1Secret } from '@kubernetes/client-node';
import { GROUP } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { childMetadata } from './metadata.ts';
import { natsCredentialsSecretName } from './nats-names.ts';

export const NATS_USERNAME = 'tapio';
export const NATS_USERNAME_KEY = 'username';
export const NATS_PASSWORD_KEY = 'password';
/** On the TapioCluster: each new value rotates the NATS credentials, e.g. `tapio.io/rotate-nats-credentials="$(date +%s)"`. */
export const ROTATE_NATS_CREDENTIALS_ANNOTATION = `${GROUP}/rotate-nats-credentials`;
/** On the Secret: the rotate annotation's value last acted on. */
export const ROTATION_REQUEST_ANNOTATION = `${GROUP}/rotation-request`;
/** On the Secret while a rotation runs: `accepting` (the new user is in a slot, not yet the clients') or `retiring`. */
export const ROTATION_PHASE_ANNOTATION = `${GROUP}/rotation-phase`;
/** On the TapioCollectors and TapioIntelligence, and from them on the client pod templates: the user they connect as. */
export const NATS_USER_ANNOTATION = `${GROUP}/nats-user`;

export const NATS_SLOTS = ['a', 'b'] as const;
export type NatsSlot = (typeof NATS_SLOTS)[number];
export const slotKeys = (slot: NatsSlot) => ({ username: `${slot}-username`, password: `${slot}-password` });

export interface NatsUser {
  username: string;
  password: string;
}

export interface NatsCredentials {
  /** What the clients connect as. */
  clients: NatsUser;
  /** What the servers accept. */
  slots: Partial<Record<NatsSlot, NatsUser>>;
  request?: string;
  phase?: 'accepting' | 'retiring';
}

/** The first credentials of a platform: one user, in slot a. */
export function initialNatsCredentials(password: string): NatsCredentials {
  const user = { username: NATS_USERNAME, password };
  return { clients: user, slots: { a: user } };
}

export function desiredNatsCredentialsSecret(cluster: ProfiledTapioCluster, credentials: NatsCredentials): V1Secret {
  const metadata = childMetadata(cluster, natsCredentialsSecretName(cluster), 'nats');
  const annotations = {
    ...(credentials.request !== undefined ? { [ROTATION_REQUEST_ANNOTATION]: credentials.request } : {}),
    ...(credentials.phase ? { [ROTATION_PHASE_ANNOTATION]: credentials.phase } : {}),
  };
  const stringData: Record<string, string> = { [NATS_USERNAME_KEY]: credentials.clients.username, [NATS_PASSWORD_KEY]: credentials.clients.password };
  for (const slot of NATS_SLOTS) {
    const user = credentials.slots[slot];
    if (user) Object.assign(stringData, { [slotKeys(slot).username]: user.username, [slotKeys(slot).password]: user.password });
  }
  return { apiVersion: 'v1', kind: 'Secret', metadata: { ...metadata, ...(Object.keys(annotations).length ? { annotations } : {}) }, type: 'Opaque', stringData };
}

/** The credentials a Secret holds. A Secret from before the slots (the clients' user only) has that user in slot a. */
export function readNatsCredentials(secret: V1Secret): NatsCredentials {
  const data = secret.data ?? {};
  const value = (key: string) => (data[key] !== undefined ? Buffer.from(data[key], 'base64').toString('utf8') : undefined);
  const clients = { username: value(NATS_USERNAME_KEY) ?? NATS_USERNAME, password: value(NATS_PASSWORD_KEY) ?? '' };
  const slots: NatsCredentials['slots'] = {};
  for (const slot of NATS_SLOTS) {
    const username = value(slotKeys(slot).username);
    const password = value(slotKeys(slot).password);
    if (username !== undefined && password !== undefined) slots[slot] = { username, password };
  }
  if (!slots.a && !slots.b) slots.a = clients;
  const annotations = secret.metadata?.annotations ?? {};
  const phase = annotations[ROTATION_PHASE_ANNOTATION];
  return {
    clients,
    slots,
    ...(annotations[ROTATION_REQUEST_ANNOTATION] !== undefined ? { request: annotations[ROTATION_REQUEST_ANNOTATION] } : {}),
    ...(phase === 'accepting' || phase === 'retiring' ? { phase } : {}),
  };
}

/**
 * On a NATS client's pod template: the user its TapioCollector or TapioIntelligence says it connects
 * as (set by its TapioCluster), so that a rotation rolls the pods, and shows which user each runs.
 */
export function natsClientPodAnnotations(resource: { metadata: { annotations?: Record<string, string> } }): Record<string, string> | undefined {
  const user = resource.metadata.annotations?.[NATS_USER_ANNOTATION];
  return user !== undefined ? { [NATS_USER_ANNOTATION]: user } : undefined;
}

/** The slots the servers read, in order. */
export const acceptedSlots = (credentials: NatsCredentials): NatsSlot[] => NATS_SLOTS.filter((slot) => credentials.slots[slot]);

export interface RotationFacts {
  /** The TapioCluster's rotate annotation, if set. */
  requested?: string;
  /** Every NATS server runs the template for the current slots, and is ready. */
  serversCurrent: boolean;
  /** The user each client pod of the platform runs as (its pod's NATS_USER_ANNOTATION; '' when it has none). */
  clientPodUsers: string[];
}

export interface RotationStep {
  credentials: NatsCredentials;
  /** Whether the Secret must be written. */
  changed: boolean;
  /** While a rotation runs: what it waits for. */
  waiting?: string;
}

/** One step of the rotation, from the Secret's state and what runs. `generate` makes the new user (a username other than the current ones). */
export function stepNatsCredentialRotation(current: NatsCredentials, facts: RotationFacts, generate: () => NatsUser): RotationStep {
  const freeSlot = NATS_SLOTS.find((slot) => !current.slots[slot]);
  const otherSlot = NATS_SLOTS.find((slot) => current.slots[slot] && current.slots[slot]!.username !== current.clients.username);

  if (current.phase === 'accepting' && otherSlot) {
    if (!facts.serversCurrent) return { credentials: current, changed: false, waiting: 'the NATS servers to roll and accept the new user' };
    const { phase: _accepting, ...rest } = current;
    return { credentials: { ...rest, clients: current.slots[otherSlot]!, phase: 'retiring' }, changed: true, waiting: 'the clients to roll to the new user' };
  }
  if (current.phase === 'retiring' && otherSlot) {
    const stale = facts.clientPodUsers.filter((user) => user !== current.clients.username).length;
    if (stale > 0) return { credentials: current, changed: false, waiting: `${stale} client pod(s) to roll to the new user` };
    const { phase: _retiring, ...rest } = current;
    const slots = { ...current.slots };
    delete slots[otherSlot];
    return { credentials: { ...rest, slots }, changed: true };
  }
  if (current.phase) {
    // A phase whose second user is gone (edited by hand): nothing left to do but settle.
    const { phase: _settled, ...rest } = current;
    return { credentials: rest, changed: true };
  }
  if (facts.requested !== undefined && facts.requested !== current.request && freeSlot) {
    return { credentials: { ...current, slots: { ...current.slots, [freeSlot]: generate() }, request: facts.requested, phase: 'accepting' }, changed: true, waiting: 'the NATS servers to roll and accept the new user' };
  }
  return { credentials: current, changed: false };
}
