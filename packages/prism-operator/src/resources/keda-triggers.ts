// A pattern's triggers as KEDA reads them. A trigger takes its connection and credentials from a
// PrismBackend: the one its backendRef names, or else the pattern's own backend when that is a
// PrismBackend of the trigger's kind. Connection settings the trigger does not set are filled
// from the backend; credentials go into a TriggerAuthentication (trigger-authentication.ts),
// never into the trigger's metadata.
import type { DefaultedPrismBackend, DefaultedPrismPattern, DefaultedTrigger } from '../api/v1alpha1/defaults.ts';
import type { Trigger } from '../api/v1alpha1/autoscaling.ts';
import { RESOURCE_TRIGGER_TYPES } from '../api/v1alpha1/autoscaling.ts';
import type { BackendType, SaslMechanism } from '../api/v1alpha1/prismbackend.ts';
import type { PatternBackend } from './backend-connection.ts';
import type { KedaTrigger } from './keda-types.ts';
import { nameOf } from './metadata.ts';

/** The backend type each KEDA scaler of the seed's table talks to. */
export const TRIGGER_BACKEND_TYPES: Readonly<Record<string, BackendType>> = {
  kafka: 'kafka',
  'nats-jetstream': 'nats',
  redis: 'redis',
  'redis-streams': 'redis',
  postgresql: 'postgresql',
  'aws-sqs-queue': 'sqs',
  rabbitmq: 'rabbitmq',
};

/** PrismBackends of the pattern's namespace by name, as the reconciler read them. */
export type BackendsByName = ReadonlyMap<string, DefaultedPrismBackend>;


/**
 * The name of the PrismBackend a trigger uses; undefined for a trigger with its own
 * authenticationRef, or one whose kind the pattern's backend is not.
 */
export function triggerBackendName(trigger: DefaultedTrigger, patternBackend: PatternBackend): string | undefined {
  if (trigger.authenticationRef) return undefined;
  if (trigger.backendRef) return trigger.backendRef.name;
  if (patternBackend.kind === 'resource' && TRIGGER_BACKEND_TYPES[trigger.type] === patternBackend.backend.spec.type) return nameOf(patternBackend.backend);
  return undefined;
}

/**
 * The triggers of the ScaledObject. `authenticationName(backend)` names the TriggerAuthentication
 * made from a backend, or undefined when that backend has nothing to authenticate with.
 */
export function kedaTriggers(
  pattern: DefaultedPrismPattern,
  patternBackend: PatternBackend,
  backends: BackendsByName,
  authenticationName: (backend: DefaultedPrismBackend) => string | undefined,
): KedaTrigger[] {
  return (pattern.spec.autoscaling.triggers ?? []).map((trigger) => {
    const backendName = triggerBackendName(trigger, patternBackend);
    const backend = backendName === undefined ? undefined : backends.get(backendName);
    const { metadata, metricType } = withMetricType(trigger);
    const authentication = backend ? authenticationName(backend) : undefined;
    const authenticationRef = trigger.authenticationRef ?? (authentication ? { name: authentication } : undefined);
    return {
      type: trigger.type,
      ...(trigger.name ? { name: trigger.name } : {}),
      // What the trigger sets wins over what the backend would fill in.
      metadata: { ...(backend ? connectionMetadata(trigger.type, backend) : {}), ...metadata },
      ...(metricType ? { metricType } : {}),
      ...(authenticationRef ? { authenticationRef } : {}),
    };
  });
}

/**
 * KEDA 2.18 removed metadata.type of the cpu and memory scalers in favour of the trigger's
 * metricType, and ignores the old spelling; it is moved, so triggers written either way work.
 */
function withMetricType(trigger: Trigger): { metadata: Record<string, string>; metricType?: KedaTrigger['metricType'] } {
  const metadata = { ...(trigger.metadata ?? {}) };
  let metricType = trigger.metricType;
  if ((RESOURCE_TRIGGER_TYPES as readonly string[]).includes(trigger.type) && 'type' in metadata) {
    const legacy = metadata.type;
    delete metadata.type;
    if (metricType === undefined && (legacy === 'Utilization' || legacy === 'AverageValue')) metricType = legacy;
  }
  return { metadata, ...(metricType ? { metricType } : {}) };
}

const KEDA_SASL: Record<SaslMechanism, string> = { plain: 'plaintext', 'scram-sha-256': 'scram_sha256', 'scram-sha-512': 'scram_sha512' };

/** The connection settings (never credentials) a KEDA scaler reads from its metadata, taken from the backend. */
export function connectionMetadata(triggerType: string, backend: DefaultedPrismBackend): Record<string, string> {
  const { spec } = backend;
  if (TRIGGER_BACKEND_TYPES[triggerType] !== spec.type) return {};
  const first = spec.endpoints?.[0];
  const tls = spec.tls?.enabled === true;
  const unsafeSsl = spec.tls?.insecureSkipVerify ? { unsafeSsl: 'true' } : {};
  const defined = (entries: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));
  switch (spec.type) {
    case 'kafka':
      return defined({
        bootstrapServers: spec.endpoints?.join(','),
        sasl: spec.sasl ? KEDA_SASL[spec.sasl.mechanism] : undefined,
        tls: tls ? 'enable' : undefined,
        ...unsafeSsl,
      });
    case 'nats':
      return defined({ natsServerMonitoringEndpoint: spec.monitoringEndpoint });
    case 'redis':
      return defined({ address: first, databaseIndex: spec.database, enableTLS: tls ? 'true' : undefined, ...unsafeSsl });
    case 'postgresql': {
      const { host, port } = splitHostPort(first);
      return defined({ host, port, dbName: spec.database, sslmode: tls ? 'require' : 'disable' });
    }
    case 'sqs':
      return defined({ queueURL: spec.queueURL, awsRegion: spec.region, awsEndpoint: first });
    case 'rabbitmq':
      return defined({ host: first === undefined ? undefined : `${tls ? 'amqps' : 'amqp'}://${first}`, vhostName: spec.vhost, ...unsafeSsl });
  }
}

function splitHostPort(endpoint: string | undefined): { host?: string; port?: string } {
  if (endpoint === undefined) return {};
  const colon = endpoint.lastIndexOf(':');
  // An IPv6 address without a port ("[::1]") has its last colon inside the brackets.
  if (colon < 0 || endpoint.endsWith(']')) return { host: endpoint };
  return { host: endpoint.slice(0, colon), port: endpoint.slice(colon + 1) };
}
