// The operator's own ConfigMap (tapio-operator-config, key config.yaml), as the README shows it:
//   reconcileInterval: 30s
//   leaderElection: true
//   webhooks: { enabled: true }
//   metrics: { port: 8080 }
//   health: { port: 8081 }
// Parsed and checked here, then turned into the settings the kit's Manager takes (phase 2 hands them
// to the runtime's config loading; flags and environment still win over the file there).
import type { V1ConfigMap } from '@kubernetes/client-node';
import { Duration, validateResource, type ManagerConfig, type ValidationIssue } from '@operators/k8s-common';
import { load } from 'js-yaml';
import Type, { type Static } from 'typebox';
import { durationToMs } from '../support/duration.ts';

export const OPERATOR_CONFIG_MAP_NAME = 'tapio-operator-config';
export const OPERATOR_CONFIG_KEY = 'config.yaml';

const strict = { additionalProperties: false } as const;
const Port = (defaultPort: number, description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort, description }));

export const OperatorConfigSchema = Type.Object(
  {
    reconcileInterval: Type.Optional(Duration({ default: '30s', description: 'How often every resource is reconciled even when nothing changed.' })),
    leaderElection: Type.Optional(Type.Boolean({ default: true, description: 'Elect one active replica of the operator.' })),
    webhooks: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean({ default: true, description: 'Serve the mutating (profile defaults) and validating webhooks.' })),
          port: Port(9443, 'Port of the webhook server.'),
        },
        { ...strict, default: {} },
      ),
    ),
    metrics: Type.Optional(Type.Object({ port: Port(8080, 'Port of /metrics.') }, { ...strict, default: {} })),
    health: Type.Optional(Type.Object({ port: Port(8081, 'Port of /healthz and /readyz.') }, { ...strict, default: {} })),
  },
  strict,
);

export type OperatorConfigFile = Static<typeof OperatorConfigSchema>;

export interface OperatorConfig {
  reconcileIntervalMs: number;
  leaderElection: boolean;
  webhooks: { enabled: boolean; port: number };
  metricsPort: number;
  healthPort: number;
}

export type OperatorConfigResult = { ok: true; value: OperatorConfig } | { ok: false; errors: ValidationIssue[] };

/** config.yaml's text, checked: unknown keys and wrong types are errors naming the key. */
export function parseOperatorConfig(text: string): OperatorConfigResult {
  let parsed: unknown = {};
  try {
    // An empty file means every default (js-yaml refuses an empty document).
    if (text.trim() !== '') parsed = load(text) ?? {};
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `config.yaml is not YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const checked = validateResource(OperatorConfigSchema, parsed);
  if (!checked.ok) return checked;
  const file = checked.value as Required<OperatorConfigFile> & {
    webhooks: Required<NonNullable<OperatorConfigFile['webhooks']>>;
    metrics: Required<NonNullable<OperatorConfigFile['metrics']>>;
    health: Required<NonNullable<OperatorConfigFile['health']>>;
  };
  const ports = { webhooks: file.webhooks.port, metrics: file.metrics.port, health: file.health.port };
  const clashes = Object.entries(ports).filter(([key, port]) => Object.entries(ports).some(([other, otherPort]) => other !== key && otherPort === port));
  if (clashes.length > 0) return { ok: false, errors: clashes.map(([key]) => ({ path: `${key}.port`, message: 'must differ from the other ports' })) };
  return {
    ok: true,
    value: {
      reconcileIntervalMs: durationToMs(file.reconcileInterval),
      leaderElection: file.leaderElection,
      webhooks: { enabled: file.webhooks.enabled, port: file.webhooks.port },
      metricsPort: file.metrics.port,
      healthPort: file.health.port,
    },
  };
}

/** The ConfigMap's config.yaml; an absent key (or ConfigMap) means every default. */
export function operatorConfigFromConfigMap(configMap: V1ConfigMap | undefined): OperatorConfigResult {
  return parseOperatorConfig(configMap?.data?.[OPERATOR_CONFIG_KEY] ?? '');
}

/** What the file sets of the kit's ManagerConfig: the periodic reconcile, leader election and both ports. */
export function managerSettings(config: OperatorConfig): Pick<ManagerConfig, 'resyncPeriodMs' | 'leaderElect' | 'metricsBindAddress' | 'healthProbeBindAddress'> {
  return {
    resyncPeriodMs: config.reconcileIntervalMs,
    leaderElect: config.leaderElection,
    metricsBindAddress: `:${config.metricsPort}`,
    healthProbeBindAddress: `:${config.healthPort}`,
  };
}
