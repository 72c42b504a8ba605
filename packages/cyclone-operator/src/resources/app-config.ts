// config.toml, rendered from the CycloneApp. The application reloads the file when it changes, so a
// change of the reloadable tables reaches running pods without a restart; the tables it reads only at
// start (listeners, network stack, TLS, thread placement) are hashed onto the pod template instead, so
// that changing them rolls the Deployment.
import type { V1ConfigMap } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import { stringify } from 'smol-toml';
import { GROUP } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { childMetadata, configMapName, appName, appNamespace } from './metadata.ts';
import { CONFIG_FILE, METRICS_PATH, TLS_DIR } from './paths.ts';
import { guaranteedCpuCount } from './scheduling.ts';

/** On the ConfigMap: the hash of the config.toml the operator last rendered, so it can tell a hand edit from its own output (rollout/config-source.ts). */
export const RENDERED_CONFIG_HASH_ANNOTATION = `${GROUP}/rendered-config-hash`;

export interface RenderedAppConfig {
  /** The whole config.toml. */
  content: string;
  /** Hash of the tables the application reads only at start: it goes on the pod template. */
  restartHash: string;
}

type Table = Record<string, unknown>;

export function renderAppConfig(app: StoredCycloneApp): RenderedAppConfig {
  const restartTables = startupTables(app);
  const tables = { ...restartTables, ...reloadableTables(app), ...applicationTables(app) };
  const header =
    `# Rendered by cyclone-operator from CycloneApp ${appNamespace(app)}/${appName(app)}.\n` +
    "# An edit of this ConfigMap is kept, and reloaded without a restart, until the CycloneApp's configuration changes.\n\n";
  return { content: header + stringify(tables) + '\n', restartHash: stableHash(restartTables) };
}

/** The ConfigMap `<app>-config` with the given config.toml; which content wins is rollout/config-source.ts's decision. */
export function desiredConfigMap(app: StoredCycloneApp, content: string, renderedHash: string): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...childMetadata(app, configMapName(app)), annotations: { [RENDERED_CONFIG_HASH_ANNOTATION]: renderedHash } },
    data: { [CONFIG_FILE]: content },
  };
}

/** The hash RENDERED_CONFIG_HASH_ANNOTATION carries for a rendering. */
export function renderedConfigHash(content: string): string {
  return stableHash(content);
}

// A disabled feature renders as `enabled = false` alone: settings without effect must not change the
// file, or editing them would replace a hand edit for nothing.

function startupTables(app: StoredCycloneApp): Record<string, Table> {
  const { spec } = app;
  const cpus = guaranteedCpuCount(app);
  return {
    server: { port: spec.port, metrics_port: spec.metricsPort, metrics_path: METRICS_PATH },
    networking: {
      rdma: spec.networking.enableRDMA,
      dpdk: spec.networking.enableDPDK,
      xdp: spec.networking.enableXDP,
      zero_copy: spec.networking.zeroCopy,
      host_network: spec.hostNetwork,
    },
    tls: spec.tls.enabled ? { enabled: true, cert_file: `${TLS_DIR}/tls.crt`, key_file: `${TLS_DIR}/tls.key` } : { enabled: false },
    // One worker per exclusive core, pinned: what NUMA-aware placement is for.
    performance: cpus !== undefined ? { numa_aware: true, worker_threads: cpus, pin_threads: true } : { numa_aware: false },
  };
}

function reloadableTables(app: StoredCycloneApp): Record<string, Table> {
  const { spec } = app;
  const { circuitBreaker, observability } = spec;
  const { tracing, logging } = observability;
  return {
    limits: { target_rps: spec.targetRPS, ...(spec.maxConnections !== undefined ? { max_connections: spec.maxConnections } : {}) },
    circuit_breaker: circuitBreaker.enabled
      ? {
          enabled: true,
          failure_threshold: circuitBreaker.failureThreshold,
          success_threshold: circuitBreaker.successThreshold,
          timeout_seconds: circuitBreaker.timeoutSeconds,
        }
      : { enabled: false },
    logging: { level: logging.level, format: logging.format },
    tracing: tracing.enabled ? { enabled: true, endpoint: tracing.endpoint, sampling_rate: tracing.samplingRate } : { enabled: false },
  };
}

/** spec.config, keys sorted at every depth, so the same settings always render the same bytes. */
function applicationTables(app: StoredCycloneApp): Record<string, Table> {
  return sortKeys(app.spec.config ?? {}) as Record<string, Table>;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
