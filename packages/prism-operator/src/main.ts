// The Prism operator's entry point: flags/env → manager → the PrismPattern, PrismBackend and PrismStack controllers, and with
// `--set tenantNamespaces=true` the PrismNamespace controller.
import { Manager, parseManagerConfig, runOperatorMain } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1alpha1/group.ts';
import { prismBackendController } from './controllers/prismbackend.controller.ts';
import { prismNamespaceController } from './controllers/prismnamespace.controller.ts';
import { prismPatternController } from './controllers/prismpattern.controller.ts';
import { prismStackController } from './controllers/prismstack.controller.ts';

export const OPERATOR_NAME = 'prism-operator';

export async function createPrismManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const config = parseManagerConfig(OPERATOR_NAME, argv);
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'prism_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(prismPatternController(manager));
  manager.add(prismBackendController(manager));
  manager.add(prismStackController(manager));
  // PrismNamespaces are cluster-scoped and need cluster-wide rights (the chart's tenancy ClusterRole,
  // rendered with the same setting): only when asked for.
  if (config.extra['tenantNamespaces'] === 'true') manager.add(prismNamespaceController(manager));
  return manager;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOperatorMain(OPERATOR_NAME, () => createPrismManager());
