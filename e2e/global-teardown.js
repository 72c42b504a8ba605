import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const clusterScript = join(dirname(fileURLToPath(import.meta.url)), 'cluster', 'cluster.sh');

export default async function globalTeardown() {
  if (process.env.E2E_OWNS_CLUSTER !== 'true' || process.env.E2E_KEEP_CLUSTER === 'true') return;
  execFileSync('bash', [clusterScript, 'down'], {
    env: { ...process.env, CLUSTER_PROVIDER: process.env.E2E_CLUSTER_PROVIDER, CLUSTER_NAME: process.env.E2E_CLUSTER_NAME },
    stdio: 'inherit',
  });
}
