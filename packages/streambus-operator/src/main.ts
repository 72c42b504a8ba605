// The StreamBus operator's entry point: flags/env → manager → the StreamBusCluster controller.
import { Manager, parseManagerConfig, runOperatorMain } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1alpha1/streambuscluster.ts';
import { streamBusClusterController } from './controllers/streambuscluster.controller.ts';

export const OPERATOR_NAME = 'streambus-operator';

export async function createStreamBusManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const config = parseManagerConfig(OPERATOR_NAME, argv);
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'streambus_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(streamBusClusterController(manager));
  return manager;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOperatorMain(OPERATOR_NAME, () => createStreamBusManager());
