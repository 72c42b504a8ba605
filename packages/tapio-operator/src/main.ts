// The Tapio operator's entry point: flags/env → manager → the TapioCluster, TapioCollector and
// TapioIntelligence controllers.
import { Manager, parseManagerConfig, runOperatorMain } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1alpha1/group.ts';
import { tapioClusterController } from './controllers/tapiocluster.controller.ts';
import { tapioCollectorController } from './controllers/tapiocollector.controller.ts';
import { tapioIntelligenceController } from './controllers/tapiointelligence.controller.ts';

export const OPERATOR_NAME = 'tapio-operator';

export async function createTapioManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const config = parseManagerConfig(OPERATOR_NAME, argv);
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'tapio_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(tapioClusterController(manager));
  manager.add(tapioCollectorController(manager));
  manager.add(tapioIntelligenceController(manager));
  return manager;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOperatorMain(OPERATOR_NAME, () => createTapioManager());
