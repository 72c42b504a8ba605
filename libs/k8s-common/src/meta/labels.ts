/** The recommended labels (app.kubernetes.io/*) every child of a custom resource carries. */
export interface StandardLabelsInput {
  /** The application, e.g. `streambus-broker`. */
  name: string;
  /** The instance: the custom resource's name. */
  instance: string;
  /** The part of the application, e.g. `broker`. */
  component?: string;
  /** The larger application, e.g. `streambus`. */
  partOf?: string;
  /** The operator that manages the object. */
  managedBy: string;
  version?: string;
}

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_VERSION = 'app.kubernetes.io/version';

export function standardLabels(input: StandardLabelsInput): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL_NAME]: input.name,
    [LABEL_INSTANCE]: input.instance,
    [LABEL_MANAGED_BY]: input.managedBy,
  };
  if (input.component) labels[LABEL_COMPONENT] = input.component;
  if (input.partOf) labels[LABEL_PART_OF] = input.partOf;
  if (input.version) labels[LABEL_VERSION] = sanitizeLabelValue(input.version);
  return labels;
}

/**
 * The labels a selector matches on. Only the immutable identity (name, instance, component):
 * a selector that includes a version would orphan pods on upgrade, and a StatefulSet's selector
 * cannot change after creation.
 */
export function selectorLabels(input: Pick<StandardLabelsInput, 'name' | 'instance' | 'component'>): Record<string, string> {
  const labels: Record<string, string> = { [LABEL_NAME]: input.name, [LABEL_INSTANCE]: input.instance };
  if (input.component) labels[LABEL_COMPONENT] = input.component;
  return labels;
}

/** Merges label maps left to right; later maps win, except that `protectedLabels` always come last. */
export function mergeLabels(
  userLabels: Record<string, string> | undefined,
  protectedLabels: Record<string, string>,
): Record<string, string> {
  return { ...(userLabels ?? {}), ...protectedLabels };
}

/** A label value is at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function sanitizeLabelValue(value: string): string {
  const trimStart = value.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return trimStart.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
}

/** `a=b,c=d`, the form a label selector takes in a list or watch query. */
export function toLabelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
