import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CacheSyncTimeoutError,
  controllerFor,
  Manager,
  parseManagerConfig,
  ResourceTypes,
  silentLogger,
  type KubeClient,
} from '@operators/k8s-common';
import { createTestNamespace, installCrds, kubeConfigWithToken, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { OperatorProcess, repoRoot } from '../support/operator-process.ts';
import { widgetCrd, widgetReconciler, Widgets } from '../support/widget.ts';

// A ServiceAccount whose Role grants the Widget kind but not ConfigMaps, which the Widget
// controller owns: its ConfigMap cache can never sync.

describe('caches that cannot sync', () => {
  let admin: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let token: string;

  beforeAll(async () => {
    admin = await testClient();
    await installCrds(admin, [widgetCrd]);
    ns = await createTestNamespace(admin, 'cache-sync');
    await admin.create(ResourceTypes.ServiceAccount, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'widgets-only', namespace: ns.name } });
    await admin.create(ResourceTypes.Role, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'widgets-only', namespace: ns.name },
      rules: [{ apiGroups: [Widgets.apiVersion.split('/')[0]], resources: ['widgets'], verbs: ['get', 'list', 'watch'] }],
    } as never);
    await admin.create(ResourceTypes.RoleBinding, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'widgets-only', namespace: ns.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'widgets-only' },
      subjects: [{ kind: 'ServiceAccount', name: 'widgets-only', namespace: ns.name }],
    } as never);
    const review = await admin.request<{ status: { token: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${ns.name}/serviceaccounts/widgets-only/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
    });
    token = review.status.token;
  });
  afterAll(async () => {
    await ns.cleanup();
    await admin.close();
  });

  const flags = (extra: string[]) => ['--leader-elect=false', `--namespaces=${ns.name}`, ...extra];

  it('fails the manager after the timeout, naming the kind and the permission; /readyz stays false', async () => {
    const manager = await Manager.create({
      name: 'widget-controller',
      config: parseManagerConfig('widget-controller', flags(['--metrics-bind-address=0', '--health-probe-bind-address=127.0.0.1:0', '--cache-sync-timeout=4s']), {}),
      kubeConfig: kubeConfigWithToken(testKubeConfig(), token, ns.name),
      logger: silentLogger(),
    });
    manager.add(controllerFor(Widgets).owns(ResourceTypes.ConfigMap).complete(widgetReconciler(manager)));
    const started = Date.now();
    const outcome = manager.start().then(() => undefined, (e: unknown) => e);
    await waitFor(() => manager.ports.health, { description: 'the probe endpoint' });
    const readyz = await fetch(`http://127.0.0.1:${manager.ports.health}/readyz`);
    expect(readyz.status).toBe(503);

    const err = await outcome;
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(err).toBeInstanceOf(CacheSyncTimeoutError);
    // The Widget informer synced; only the ConfigMap one is named, with the API server's 403.
    expect((err as CacheSyncTimeoutError).unsynced.map((u) => u.type.kind)).toEqual(['ConfigMap']);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^caches did not sync within 4 s: ConfigMap in namespace ${ns.name}: GET /api/v1/namespaces/${ns.name}/configmaps: 403 Forbidden: ` +
          `configmaps is forbidden: User "system:serviceaccount:${ns.name}:widgets-only" cannot list resource "configmaps" in API group "" ` +
          `in the namespace "${ns.name}" \\(RBAC must allow list and watch on configmaps in API group ""\\)$`,
      ),
    );
  }, 60_000);

  it('exits the operator process non-zero after logging the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-sync-'));
    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeConfigWithToken(testKubeConfig(), token, ns.name).exportConfig(), { mode: 0o600 });
    const operator = new OperatorProcess(join(repoRoot, 'e2e/src/support/widget-operator.ts'), [...flags(['--cache-sync-timeout=3s']), `--kubeconfig=${kubeconfigPath}`]);
    try {
      await operator.start();
      const code = await waitFor(() => operator.exitCode(), { timeoutMs: 30_000, description: 'the operator to exit' });
      expect(code).toBe(1);
      const logged = operator
        .logs()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message: string; error?: string })
        .find((entry) => entry.message === 'caches did not sync: stopping');
      expect(logged?.error).toMatch(/ConfigMap in namespace .*cannot list resource "configmaps".*RBAC must allow list and watch on configmaps/);
    } finally {
      await operator.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
