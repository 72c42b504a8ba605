// Children whose CRD may be absent (ServiceMonitor, VerticalPodAutoscaler), applied through the kit's
// reconcileOptionalChild, and what the status decisions take of the outcome.
import { reconcileOptionalChild, type KubeObject, type Manager, type ResourceType } from '@operators/k8s-common';

export type IntegrationOutcome = 'applied' | 'skipped-no-crd' | 'not-requested';

export async function applyOptional(
  manager: Manager,
  owner: KubeObject,
  type: ResourceType,
  desired: KubeObject | undefined,
  signal: AbortSignal,
): Promise<{ outcome: IntegrationOutcome; recheckAfterMs?: number }> {
  const result = await reconcileOptionalChild(manager, owner, type, desired, { signal });
  if (result.state === 'not-served') return { outcome: 'skipped-no-crd', recheckAfterMs: result.recheckAfterMs };
  return { outcome: result.state === 'not-requested' ? 'not-requested' : 'applied' };
}

/** The earliest of the rechecks asked for, if any. */
export function earliest(...delays: (number | undefined)[]): number | undefined {
  const given = delays.filter((ms): ms is number => ms !== undefined);
  return given.length ? Math.min(...given) : undefined;
}

export function recheckAfter(ms: number | undefined): { recheckAfterMs?: number } {
  return ms === undefined ? {} : { recheckAfterMs: ms };
}
