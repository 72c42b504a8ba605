// The operator's settings at start: the kit's flags and environment, and the operator ConfigMap's
// config.yaml (the seed's format) for what they leave unset. The chart hands the ConfigMap's text
// to the process as TAPIO_OPERATOR_CONFIG (a configMapKeyRef, optional), or `--set
// operatorConfigFile=<path>` names a file holding it.
import { readFileSync } from 'node:fs';
import { parseManagerConfig, type ManagerConfig } from '@operators/k8s-common';
import { describeIssues } from '../webhooks/admission.ts';
import { managerSettings, parseOperatorConfig, type OperatorConfig } from './operator-config.ts';

export const OPERATOR_CONFIG_ENV = 'TAPIO_OPERATOR_CONFIG';

/** Each file setting, and the flag and environment variable that win over it. */
const OVERRIDES: Record<keyof ReturnType<typeof managerSettings>, { flag: string; env: string }> = {
  resyncPeriodMs: { flag: '--resync-period', env: 'RESYNC_PERIOD' },
  leaderElect: { flag: '--leader-elect', env: 'LEADER_ELECT' },
  metricsBindAddress: { flag: '--metrics-bind-address', env: 'METRICS_BIND_ADDRESS' },
  healthProbeBindAddress: { flag: '--health-probe-bind-address', env: 'HEALTH_PROBE_BIND_ADDRESS' },
};

export interface TapioSettings {
  manager: ManagerConfig;
  /** config.yaml as parsed; every default when there is none. */
  operator: OperatorConfig;
}

export function tapioSettings(operatorName: string, argv: string[], env: NodeJS.ProcessEnv = process.env): TapioSettings {
  const manager = parseManagerConfig(operatorName, argv, env);
  const path = manager.extra['operatorConfigFile'];
  const text = path ? readFileSync(path, 'utf8') : env[OPERATOR_CONFIG_ENV];
  const parsed = parseOperatorConfig(text ?? '');
  if (!parsed.ok) throw new Error(`${path ?? OPERATOR_CONFIG_ENV}: ${describeIssues(parsed.errors)}`);
  if (text === undefined) return { manager, operator: parsed.value };
  const given = (flag: string, envName: string) => argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`)) || env[envName] !== undefined;
  const fromFile = managerSettings(parsed.value);
  const applied = Object.fromEntries(Object.entries(fromFile).filter(([key]) => !given(OVERRIDES[key as keyof typeof OVERRIDES].flag, OVERRIDES[key as keyof typeof OVERRIDES].env)));
  return { manager: { ...manager, ...applied }, operator: parsed.value };
}
