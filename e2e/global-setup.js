// Brings the cluster up once per jest run. With KUBECONFIG already set, that cluster is used
// as it is and left alone afterwards (provider `existing`).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const clusterScript = join(dirname(fileURLToPath(import.meta.url)), 'cluster', 'cluster.sh');

export default async function globalSetup() {
  const reuse = Boolean(process.env.KUBECONFIG) && !process.env.CLUSTER_PROVIDER;
  const env = {
    ...process.env,
    CLUSTER_PROVIDER: reuse ? 'existing' : (process.env.CLUSTER_PROVIDER ?? 'kwok'),
    CLUSTER_NAME: process.env.CLUSTER_NAME ?? 'e2e',
  };
  const started = Date.now();
  const kubeconfig = execFileSync('bash', [clusterScript, 'up'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  // kubectl and helm of the pinned versions, for tests that shell out to them.
  const binDir = execFileSync('bash', [clusterScript, 'env'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .match(/^export PATH=(.*):"\$PATH"$/m)?.[1];
  process.env.KUBECONFIG = kubeconfig;
  if (binDir) {
    process.env.PATH = `${binDir}:${process.env.PATH}`;
    process.env.E2E_UPSTREAM_CRDS = `${binDir}/crds`;
  }
  process.env.E2E_CLUSTER_PROVIDER = env.CLUSTER_PROVIDER;
  process.env.E2E_CLUSTER_NAME = env.CLUSTER_NAME;
  process.env.E2E_OWNS_CLUSTER = reuse ? 'false' : 'true';
  console.log(`\n[e2e] cluster ${env.CLUSTER_NAME} (${env.CLUSTER_PROVIDER}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${kubeconfig}`);
}
