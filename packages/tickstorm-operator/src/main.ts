// The TickStorm operator's entry point: flags/env → manager → the TickStorm controller.
import { Manager, parseManagerConfig, runOperatorMain } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1alpha1/tickstorm.ts';
import { tickStormController, type TickStormControllerOptions } from './controllers/tickstorm.controller.ts';

export const OPERATOR_NAME = 'tickstorm-operator';

/**
 * TICKSTORM_PRESSURE_WINDOW_MINUTES: the window in which resource terminations raise
 * ResourcePressure (default 10; fractions allowed, which the e2e tests use to see it clear).
 */
export function controllerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TickStormControllerOptions {
  const window = env.TICKSTORM_PRESSURE_WINDOW_MINUTES;
  if (window === undefined || window === '') return {};
  const minutes = Number(window);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`TICKSTORM_PRESSURE_WINDOW_MINUTES must be a positive number of minutes, not ${JSON.stringify(window)}`);
  return { pressureWindowMinutes: minutes };
}

export async function createTickStormManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const config = parseManagerConfig(OPERATOR_NAME, argv);
  const options = controllerOptionsFromEnv();
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'tickstorm_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(tickStormController(manager, options));
  return manager;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOperatorMain(OPERATOR_NAME, () => createTickStormManager());
