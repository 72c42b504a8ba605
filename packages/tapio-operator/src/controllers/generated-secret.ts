// A Secret the operator generates once (a password) and never rewrites: read directly (the operator
// neither lists nor caches Secrets), created when absent. Rotating it is the user's decision
// (delete the Secret; the next reconcile makes a new one).
import { randomBytes } from 'node:crypto';
import type { V1Secret } from '@kubernetes/client-node';
import { isAlreadyExists, ResourceTypes, type Manager } from '@operators/k8s-common';

export const generatePassword = (): string => randomBytes(24).toString('base64url');

/** Creates the Secret `build` describes when none of that name exists; returns whether it was created. */
export async function ensureGeneratedSecret(manager: Manager, build: (facts: { password: string }) => V1Secret, signal: AbortSignal): Promise<boolean> {
  const desired = build({ password: generatePassword() });
  const { name, namespace } = desired.metadata!;
  if (await manager.client.tryGet(ResourceTypes.Secret, name!, namespace, { signal })) return false;
  try {
    await manager.client.create(ResourceTypes.Secret, desired, namespace, { signal });
    return true;
  } catch (err) {
    // Another replica or a concurrent pass created it first: theirs stands.
    if (isAlreadyExists(err)) return false;
    throw err;
  }
}
