// The credentials the operator generates when spec.auth names no Secret. The reconciler creates the
// Secret once, when it does not exist, and never updates it: a new password on every reconcile would
// lock every client out. Generation takes the random source as an argument, so it is pure and testable.
import type { V1OwnerReference, V1Secret } from '@kubernetes/client-node';
import { controllerReference } from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { GENERATED_SECRET_ANNOTATION } from '../api/v1alpha1/tickstorm.ts';
import { generatedAuthSecretName, tickStormLabels, tickStormNamespace } from './metadata.ts';

export interface AuthCredentials {
  username: string;
  password: string;
}

/** Random bytes from a cryptographic source (node:crypto's randomBytes in the operator). */
export type RandomBytes = (size: number) => Uint8Array;

const PASSWORD_BYTES = 32;

/** The generated Secret is only needed when the spec names none. */
export function needsGeneratedAuthSecret(tickStorm: DefaultedTickStorm): boolean {
  return tickStorm.spec.auth.secretName === undefined;
}

/** spec.auth.username and a password of 32 random bytes (256 bits), base64url: 43 characters that need no quoting anywhere. */
export function generateAuthCredentials(tickStorm: DefaultedTickStorm, randomBytes: RandomBytes): AuthCredentials {
  const bytes = randomBytes(PASSWORD_BYTES);
  if (bytes.length !== PASSWORD_BYTES) throw new Error(`the random source returned ${bytes.length} bytes, not ${PASSWORD_BYTES}`);
  return { username: tickStorm.spec.auth.username, password: Buffer.from(bytes).toString('base64url') };
}

/**
 * `<name>-auth` holding `credentials` under spec.auth's keys. Without an owner reference, unless
 * deleteGeneratedSecretOnDelete asks for one: the garbage collector then leaves the Secret when the
 * TickStorm is deleted, and a re-created TickStorm finds and keeps the same credentials.
 */
export function desiredGeneratedAuthSecret(tickStorm: DefaultedTickStorm, credentials: AuthCredentials): V1Secret {
  const { auth } = tickStorm.spec;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: generatedAuthSecretName(tickStorm),
      namespace: tickStormNamespace(tickStorm),
      labels: tickStormLabels(tickStorm),
      annotations: { [GENERATED_SECRET_ANNOTATION]: 'true' },
      ...(auth.deleteGeneratedSecretOnDelete ? { ownerReferences: [controllerReference(tickStorm)] } : {}),
    },
    type: 'Opaque',
    // Immutable: the API server itself then refuses any change, whoever attempts it.
    immutable: true,
    data: {
      [auth.usernameKey]: Buffer.from(credentials.username).toString('base64'),
      [auth.passwordKey]: Buffer.from(credentials.password).toString('base64'),
    },
  };
}

/**
 * The owner references the generated Secret should have now, when they differ from `live`'s: the
 * TickStorm's controller reference while auth.deleteGeneratedSecretOnDelete is set, none otherwise.
 * Undefined when nothing is to change, or when `live` is not the operator's (no generated annotation):
 * a Secret someone else made is never touched. The data is never rewritten (the Secret is immutable).
 */
export function generatedSecretOwnerChange(tickStorm: DefaultedTickStorm, live: V1Secret): { ownerReferences: V1OwnerReference[] | null } | undefined {
  if (live.metadata?.annotations?.[GENERATED_SECRET_ANNOTATION] !== 'true') return undefined;
  const owned = (live.metadata.ownerReferences ?? []).some((reference) => reference.uid === tickStorm.metadata.uid);
  const wanted = tickStorm.spec.auth.deleteGeneratedSecretOnDelete;
  if (owned === wanted) return undefined;
  return { ownerReferences: wanted ? [controllerReference(tickStorm)] : null };
}
