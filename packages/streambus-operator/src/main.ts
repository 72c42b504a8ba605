// The StreamBus operator's entry point: flags/env → manager → the StreamBusCluster controller.
import { Manager, parseManagerConfig, runManager } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1alpha1/streambuscluster.ts';
import { streamBusClusterController } from './controllers/streambuscluster.controller.ts';

export const OPERATOR_NAME = 'streambus-operator';

export async function createStreamBusManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const config = parseManagerConfig(OPERATOR_NAME, argv);
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'streambus_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(streamBusClusterController(manager));
  return manager;
}

async function main(): Promise<void> {
  let manager: Manager;
  try {
    manager = await createStreamBusManager();
  } catch (err) {
    // Bad flags or an unreadable kubeconfig: say so on one line and exit, no stack trace.
    process.stderr.write(`${OPERATOR_NAME}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  await runManager(manager);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
