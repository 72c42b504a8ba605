import type { ObjectWithMeta } from './owner.ts';

export function hasFinalizer(obj: ObjectWithMeta, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** The finalizer list with `finalizer` added (unchanged, same order, when present). */
export function withFinalizer(obj: ObjectWithMeta, finalizer: string): string[] {
  const list = obj.metadata?.finalizers ?? [];
  return list.includes(finalizer) ? [...list] : [...list, finalizer];
}

export function withoutFinalizer(obj: ObjectWithMeta, finalizer: string): string[] {
  return (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
}

export function isBeingDeleted(obj: ObjectWithMeta): boolean {
  return Boolean(obj.metadata?.deletionTimestamp);
}
