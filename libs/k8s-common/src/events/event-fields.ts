import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject } from '../client/kube-client.ts';

export type EventType = 'Normal' | 'Warning';

/** core/v1 ObjectReference, as `regarding` and `related` carry it. */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface EventSeries {
  count: number;
  lastObservedTime: string;
}

/** An events.k8s.io/v1 Event as it travels as JSON (times are MicroTime strings). */
export interface KubeEvent {
  apiVersion: 'events.k8s.io/v1';
  kind: 'Event';
  metadata: { name: string; namespace: string; resourceVersion?: string; uid?: string };
  eventTime: string;
  series?: EventSeries;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  regarding: ObjectReference;
  related?: ObjectReference;
  note: string;
  type: EventType;
}

// The limits the API server's Event validation enforces (Go `len`, so UTF-8 bytes).
export const NOTE_MAX_BYTES = 1024;
export const REASON_MAX_BYTES = 128;
export const ACTION_MAX_BYTES = 128;
export const REPORTING_INSTANCE_MAX_BYTES = 128;

const TRUNCATION_MARK = '…';

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut
 * with an ellipsis so a reader knows the text goes on.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const markBytes = Buffer.byteLength(TRUNCATION_MARK);
  const budget = maxBytes - markBytes;
  if (budget < 0) return cutAtCharBoundary(bytes, maxBytes);
  return cutAtCharBoundary(bytes, budget) + TRUNCATION_MARK;
}

function cutAtCharBoundary(bytes: Buffer, limit: number): string {
  let end = limit;
  // A byte 10xxxxxx continues the character before it: cutting there would leave half a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** The reference an Event keeps to `obj`; undefined when it lacks what a reference needs. */
export function objectReference(obj: KubeObject): ObjectReference | undefined {
  const { apiVersion, kind } = obj;
  const name = obj.metadata?.name;
  if (!apiVersion || !kind || !name) return undefined;
  const { namespace, uid, resourceVersion } = obj.metadata ?? {};
  return {
    apiVersion,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    ...(uid ? { uid } : {}),
    ...(resourceVersion ? { resourceVersion } : {}),
  };
}

/**
 * Which object an event is about, for grouping. Unlike client-go's key this leaves out the
 * resourceVersion: an operator reports on an object as it changes, and a new version must not
 * start a new series each time.
 */
function referenceIdentity(ref: ObjectReference | undefined): string {
  if (!ref) return '';
  return [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name, ref.uid ?? ''].join('/');
}

/** Events with equal keys are one series: the later ones only raise `series.count`. */
export function seriesKey(event: Pick<KubeEvent, 'type' | 'reason' | 'action' | 'note' | 'regarding' | 'related'>): string {
  return JSON.stringify([event.type, event.reason, event.action, event.note, referenceIdentity(event.regarding), referenceIdentity(event.related)]);
}

/** The per-object budget of the spam filter: one bucket per regarding object and event type, as in client-go. */
export function spamKey(event: Pick<KubeEvent, 'type' | 'regarding'>): string {
  return JSON.stringify([event.type, referenceIdentity(event.regarding)]);
}

/** Where an Event about `ref` lives: beside it, or in `default` for a cluster-scoped object. */
export function eventNamespace(ref: ObjectReference): string {
  return ref.namespace || 'default';
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX_LENGTH = 253;

export function isDnsSubdomain(name: string): boolean {
  return name.length <= DNS_SUBDOMAIN_MAX_LENGTH && DNS_SUBDOMAIN.test(name);
}

/**
 * `<regarding name>.<suffix>`, so `kubectl get events` sorts an object's events together. The suffix
 * is the time in hex plus random bytes: two events about one object in the same millisecond (or
 * from two replicas) must not collide. Names that would not be a valid DNS subdomain (too long, or
 * the object's own name is not one) fall back to a UUID, as client-go does.
 */
export function eventName(regardingName: string, epochMs: number): string {
  const name = `${regardingName}.${Math.floor(epochMs).toString(16)}${randomBytes(4).toString('hex')}`;
  return isDnsSubdomain(name) ? name : randomUUID();
}

// IsQualifiedName: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts.at(-1) ?? '';
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (prefix !== undefined && (prefix.length === 0 || !isDnsSubdomain(prefix))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}
