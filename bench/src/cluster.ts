// The one local cluster of the bench (e2e/cluster/cluster.sh, kwok), created with the bench's audit
// policy, and the peers' credentials: one ServiceAccount per peer, so the audit log tells them apart.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient, loadKubeConfig, ResourceTypes } from '@operators/k8s-common';
import { installCrds, kubeConfigWithToken } from '@operators/k8s-common/testing';
import { benchRoot } from './peers.ts';
import { benchAppCrd } from './workload.ts';

export const CLUSTER_NAME = process.env['BENCH_CLUSTER_NAME'] ?? 'bench-peers';
export const CREDENTIALS_NAMESPACE = 'bench-system';
const clusterScript = join(benchRoot, '..', 'e2e', 'cluster', 'cluster.sh');
const clusterEnv = {
  ...process.env,
  CLUSTER_PROVIDER: 'kwok',
  CLUSTER_NAME,
  CLUSTER_NODES: '1',
  CLUSTER_PV_POOL: '0',
  CLUSTER_AUDIT_POLICY: join(benchRoot, 'cluster', 'audit-policy.yaml'),
  // Under load (a saturated kube-apiserver on a shared machine) the controller-manager's lease
  // renewal times out, it exits, and no Deployment becomes available any more: with one replica
  // there is nothing to elect.
  CLUSTER_EXTRA_ARGS: '--extra-args kube-controller-manager=leader-elect=false --extra-args kube-scheduler=leader-elect=false',
};

export interface BenchCluster {
  kubeconfig: string;
  auditLog: string;
  down(): void;
}

export function clusterUp(): BenchCluster {
  const run = (cmd: string) => execFileSync('bash', [clusterScript, cmd], { env: clusterEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const kubeconfig = run('up');
  return { kubeconfig, auditLog: run('audit-log'), down: () => void run('down') };
}

export const usernameOf = (peer: string): string => `system:serviceaccount:${CREDENTIALS_NAMESPACE}:${peer}`;

/** The admin client, the CRD, and a kubeconfig per peer authenticated as its own ServiceAccount. */
export async function prepareCluster(kubeconfig: string, peers: readonly string[], dir: string): Promise<{ client: KubeClient; kubeconfigs: Map<string, string> }> {
  const base = loadKubeConfig(kubeconfig);
  const client = await KubeClient.create(base, { userAgent: 'bench-driver' });
  await installCrds(client, [benchAppCrd]);
  await client.apply(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CREDENTIALS_NAMESPACE } }, { fieldManager: 'bench-driver' });
  mkdirSync(dir, { recursive: true });
  const kubeconfigs = new Map<string, string>();
  for (const peer of peers) {
    await client.apply(ResourceTypes.ServiceAccount, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: peer, namespace: CREDENTIALS_NAMESPACE } }, { fieldManager: 'bench-driver' });
    await client.apply(
      ResourceTypes.ClusterRoleBinding,
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `bench-${peer}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: peer, namespace: CREDENTIALS_NAMESPACE }] },
      { fieldManager: 'bench-driver' },
    );
    const request = await client.request<{ status: { token: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${CREDENTIALS_NAMESPACE}/serviceaccounts/${peer}/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 6 * 3600 } },
    });
    const file = join(dir, `${peer}.kubeconfig`);
    writeFileSync(file, kubeConfigWithToken(base, request.status.token, CREDENTIALS_NAMESPACE).exportConfig(), { mode: 0o600 });
    kubeconfigs.set(peer, file);
  }
  return { client, kubeconfigs };
}
