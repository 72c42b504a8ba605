import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const clusterScript = join(repoRoot, 'e2e', 'cluster', 'cluster.sh');

export interface BenchCluster {
  kubeconfig: string;
  /** How the cluster was obtained, for the report. */
  description: string;
  /** Deletes the cluster if this run is responsible for it (never a KUBECONFIG cluster). */
  release(): void;
}

/**
 * The cluster the bench runs against:
 * - `KUBECONFIG` set: that cluster, used as it is and never deleted;
 * - otherwise the local kwok cluster `bench` (`CLUSTER_NAME=bench e2e/cluster/cluster.sh up`, reused when
 *   already up). It is deleted at the end unless `BENCH_KEEP_CLUSTER=true`.
 */
export function acquireCluster(): BenchCluster {
  const fromEnv = process.env['KUBECONFIG'];
  if (fromEnv) return { kubeconfig: fromEnv, description: `KUBECONFIG=${fromEnv} (left as it is)`, release: () => undefined };

  const env = {
    ...process.env,
    CLUSTER_PROVIDER: 'kwok',
    CLUSTER_NAME: 'bench',
    // The bench needs neither nodes nor the PV pool; skipping them makes a cold start faster.
    CLUSTER_NODES: process.env['CLUSTER_NODES'] ?? '1',
    CLUSTER_PV_POOL: process.env['CLUSTER_PV_POOL'] ?? '0',
  };
  const wasUp = (() => {
    try {
      execFileSync('bash', [clusterScript, 'status'], { env, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const started = performance.now();
  const kubeconfig = execFileSync('bash', [clusterScript, 'up'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const keep = process.env['BENCH_KEEP_CLUSTER'] === 'true';
  const how = wasUp ? 'reused' : `started in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    kubeconfig,
    description: `kwok cluster "bench" (${how}; ${keep ? 'kept (BENCH_KEEP_CLUSTER=true)' : 'deleted at the end; BENCH_KEEP_CLUSTER=true keeps it'})`,
    release: () => {
      if (keep) return;
      execFileSync('bash', [clusterScript, 'down'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}
