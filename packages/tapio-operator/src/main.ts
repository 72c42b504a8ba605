// The Tapio operator's entry point: flags/env and the operator ConfigMap → manager → the
// TapioCluster, TapioCollector and TapioIntelligence controllers, and the admission webhooks.
import { Manager, runOperatorMain } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1alpha1/group.ts';
import { tapioSettings } from './config/manager-config.ts';
import { tapioClusterController } from './controllers/tapiocluster.controller.ts';
import { enqueueCollectorsWithClusterRbac } from './controllers/orphaned-cluster-rbac.ts';
import { tapioCollectorController } from './controllers/tapiocollector.controller.ts';
import { tapioIntelligenceController } from './controllers/tapiointelligence.controller.ts';
import { startWebhooks, webhookSettings } from './webhooks/webhook-server.ts';

export const OPERATOR_NAME = 'tapio-operator';

export async function createTapioManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const { manager: config, operator } = tapioSettings(OPERATOR_NAME, argv);
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'tapio_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(tapioClusterController(manager));
  const collectors = manager.add(tapioCollectorController(manager));
  // Run once the controller starts (on the leader): a collector deleted while no operator ran has its ClusterRole collected.
  await enqueueCollectorsWithClusterRbac(manager, collectors);
  manager.add(tapioIntelligenceController(manager));
  // Every replica serves the webhooks (admission needs no leader); they only read the object under review.
  await startWebhooks(manager, webhookSettings(config, operator.webhooks.enabled, operator.webhooks.port));
  return manager;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOperatorMain(OPERATOR_NAME, () => createTapioManager());
