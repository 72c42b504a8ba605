// What the three reconcilers share about the spec and the Secrets it names: Secrets read directly
// (never listed or cached) to say which are missing, and a child the API server refused (422), which
// no retry can fix, turned into a status message and an Event.
import { isInvalid, ResourceTypes, type KubeObject, type Manager } from '@operators/k8s-common';

/** The named Secrets of `namespace` that do not exist. */
export async function findMissingSecrets(manager: Manager, namespace: string | undefined, names: readonly (string | undefined)[], signal: AbortSignal): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) if (name && !(await manager.client.tryGet(ResourceTypes.Secret, name, namespace, { signal }))) missing.push(name);
  return missing;
}

/** The spec error to report for an apply the API server rejected as invalid; any other error is rethrown. */
export function rejectedChildError(manager: Manager, owner: KubeObject, err: unknown): string {
  if (!isInvalid(err)) throw err;
  const specError = `the API server rejected a child object: ${(err as Error).message}`;
  manager.events.event(owner, 'Warning', 'ApplyRejected', specError);
  return specError;
}
