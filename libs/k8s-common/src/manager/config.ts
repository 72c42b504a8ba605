import { readFileSync } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import type { LogLevel } from '../logging.ts';

/** What every operator takes from flags, environment and optionally a config file. */
export interface ManagerConfig {
  /** Path of a kubeconfig; in-cluster config (or ~/.kube/config) when absent. */
  kubeconfig?: string;
  /** Namespaces to watch; all when empty. */
  namespaces: string[];
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  /** `host:port` or `:port`; `0` turns the endpoint off. */
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  logLevel: LogLevel;
  maxConcurrentReconciles: number;
  resyncPeriodMs: number;
  shutdownTimeoutMs: number;
  /**
   * How long caches may take to list every kind before the manager fails (controller-runtime's
   * CacheSyncTimeout); 0 waits forever. A kind RBAC forbids otherwise blocks every controller.
   */
  cacheSyncTimeoutMs: number;
  /** Operator-specific settings (from `--set key=value`, `OPERATOR_<KEY>` env or the config file). */
  extra: Record<string, string>;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
/** `30s`, `10m`, `1h`, `250ms` (Go's duration notation, as in controller-runtime flags). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (use e.g. 30s, 10m, 1h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function parseBool(text: string, flag: string): boolean {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new Error(`--${flag}: not a boolean: "${text}"`);
}

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];

/**
 * Parses `--flag=value`, `--flag value` and bare `--flag` (booleans) from argv, with environment
 * variables as fallbacks and a YAML/JSON config file (`--config`) below both.
 * Order of precedence: flag > environment > config file > default.
 */
export function parseManagerConfig(operatorName: string, argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): ManagerConfig {
  const flags = new Map<string, string>();
  const extra: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    let name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      } else value = 'true';
    }
    if (name === 'set') {
      const [k, ...rest] = value.split('=');
      if (!k || rest.length === 0) throw new Error(`--set takes key=value, got "${value}"`);
      extra[k] = rest.join('=');
      continue;
    }
    name = name.replace(/_/g, '-');
    flags.set(name, value);
  }

  let file: Record<string, unknown> = {};
  const configPath = flags.get('config') ?? env['OPERATOR_CONFIG'];
  if (configPath) {
    const parsed = loadYaml(readFileSync(configPath, 'utf8'));
    if (parsed && typeof parsed === 'object') file = parsed as Record<string, unknown>;
  }
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('OPERATOR_') && k !== 'OPERATOR_CONFIG' && v !== undefined) {
      const key = k.slice('OPERATOR_'.length).toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      extra[key] ??= v;
    }
  }
  for (const [k, v] of Object.entries(file)) if (!KNOWN.has(k) && v !== undefined) extra[k] ??= String(v);

  const pick = (flag: string, envName: string, fileKey: string, fallback: string): string =>
    flags.get(flag) ?? env[envName] ?? (file[fileKey] !== undefined ? String(file[fileKey]) : fallback);

  const known = new Set(FLAGS);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown flag --${name} (known: ${FLAGS.join(', ')}, set)`);

  const logLevel = pick('log-level', 'LOG_LEVEL', 'logLevel', 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const maxConcurrentReconciles = Number(pick('max-concurrent-reconciles', 'MAX_CONCURRENT_RECONCILES', 'maxConcurrentReconciles', '2'));
  if (!Number.isInteger(maxConcurrentReconciles) || maxConcurrentReconciles < 1) throw new Error('--max-concurrent-reconciles must be a positive integer');
  const kubeconfig = flags.get('kubeconfig') ?? env['KUBECONFIG'];

  return {
    ...(kubeconfig ? { kubeconfig } : {}),
    namespaces: pick('namespaces', 'WATCH_NAMESPACE', 'namespaces', '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    leaderElect: parseBool(pick('leader-elect', 'LEADER_ELECT', 'leaderElect', 'true'), 'leader-elect'),
    leaderElectionNamespace: pick('leader-election-namespace', 'POD_NAMESPACE', 'leaderElectionNamespace', 'default'),
    leaderElectionId: pick('leader-election-id', 'LEADER_ELECTION_ID', 'leaderElectionId', `${operatorName}-leader`),
    metricsBindAddress: pick('metrics-bind-address', 'METRICS_BIND_ADDRESS', 'metricsBindAddress', ':8080'),
    healthProbeBindAddress: pick('health-probe-bind-address', 'HEALTH_PROBE_BIND_ADDRESS', 'healthProbeBindAddress', ':8081'),
    logLevel,
    maxConcurrentReconciles,
    resyncPeriodMs: parseDuration(pick('resync-period', 'RESYNC_PERIOD', 'resyncPeriod', '10m')),
    shutdownTimeoutMs: parseDuration(pick('shutdown-timeout', 'SHUTDOWN_TIMEOUT', 'shutdownTimeout', '30s')),
    cacheSyncTimeoutMs: parseDuration(pick('cache-sync-timeout', 'CACHE_SYNC_TIMEOUT', 'cacheSyncTimeout', '2m')),
    extra,
  };
}

const FLAGS = [
  'config', 'kubeconfig', 'namespaces', 'leader-elect', 'leader-election-namespace', 'leader-election-id',
  'metrics-bind-address', 'health-probe-bind-address', 'log-level', 'max-concurrent-reconciles', 'resync-period', 'shutdown-timeout',
  'cache-sync-timeout',
];
const KNOWN = new Set(['namespaces', 'leaderElect', 'leaderElectionNamespace', 'leaderElectionId', 'metricsBindAddress', 'healthProbeBindAddress', 'logLevel', 'maxConcurrentReconciles', 'resyncPeriod', 'shutdownTimeout', 'cacheSyncTimeout']);

/** `:8080` → { host: '0.0.0.0', port: 8080 }; `0` → undefined (off). */
export function parseBindAddress(address: string): { host: string; port: number } | undefined {
  if (address === '0' || address === '') return undefined;
  const colon = address.lastIndexOf(':');
  const host = colon > 0 ? address.slice(0, colon) : '0.0.0.0';
  const port = Number(colon >= 0 ? address.slice(colon + 1) : address);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a bind address: "${address}"`);
  return { host, port };
}
