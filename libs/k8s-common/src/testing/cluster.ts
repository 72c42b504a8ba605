import { KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { KubeClient, type KubeClientOptions, type KubeObject } from '../client/kube-client.ts';
import { ResourceTypes } from '../client/resource-type.ts';
import { waitFor } from './wait.ts';

/**
 * The cluster a test talks to: the one the e2e jest globalSetup brought up (it exports
 * KUBECONFIG), or whatever KUBECONFIG already pointed at.
 */
export function testKubeConfig(): KubeConfig {
  if (!process.env['KUBECONFIG']) {
    throw new Error('KUBECONFIG is not set: run the e2e suite through its jest config (npx nx e2e e2e), which brings up the local cluster');
  }
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

export function testClient(options: KubeClientOptions = {}): Promise<KubeClient> {
  return KubeClient.create(testKubeConfig(), { userAgent: 'e2e-test', ...options });
}

/** A fresh namespace per test; `cleanup()` deletes it without waiting for finalization. */
export async function createTestNamespace(client: KubeClient, prefix = 'test'): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`.slice(0, 63);
  await client.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'e2e.operators.dev/test': 'true' } } });
  // Pods need the namespace's default ServiceAccount before they can be admitted.
  await waitFor(() => client.tryGet(ResourceTypes.ServiceAccount, 'default', name), { timeoutMs: 30_000, description: `ServiceAccount default in ${name}` });
  return {
    name,
    cleanup: async () => {
      if (process.env['E2E_KEEP_NAMESPACES'] === 'true') return;
      await client.tryDelete(ResourceTypes.Namespace, name);
    },
  };
}

/** A kubeconfig for the same server that authenticates as a ServiceAccount token (RBAC applies). */
export function kubeConfigWithToken(base: KubeConfig, token: string, namespace = 'default'): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('the base kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'service-account', token }],
    contexts: [{ name: 'service-account', cluster: cluster.name, user: 'service-account', namespace }],
    currentContext: 'service-account',
  });
  return kc;
}

/** Applies CRDs (server-side) and waits until the API server serves them. */
export async function installCrds(client: KubeClient, crds: readonly KubeObject[]): Promise<void> {
  for (const crd of crds) {
    await client.apply(ResourceTypes.CustomResourceDefinition, crd, { fieldManager: 'e2e-test', force: true });
  }
  for (const crd of crds) {
    await waitFor(
      async () => {
        const live = await client.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(ResourceTypes.CustomResourceDefinition, crd.metadata!.name!);
        return live.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
      },
      { timeoutMs: 30_000, description: `CRD ${crd.metadata?.name} Established` },
    );
  }
}
