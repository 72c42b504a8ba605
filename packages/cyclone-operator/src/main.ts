// The CycloneApp operator's entry point: flags/env → manager → the CycloneApp controller.
// Besides the manager's flags: --prometheus-url (or the chart's settings.prometheusUrl, or PROMETHEUS_URL), the Prometheus HTTP API the
// performance figures in status come from; without it they stay empty and a condition says why.
import { Manager, parseManagerConfig, runOperatorMain } from '@operators/k8s-common';
import { FORCE_RECONCILE_ANNOTATION } from './api/v1/cycloneapp.ts';
import { cycloneAppController } from './controllers/cycloneapp.controller.ts';
import { notConfigured, prometheusSource } from './performance/prometheus-client.ts';
import { takeFlags } from './support/operator-flags.ts';

export const OPERATOR_NAME = 'cyclone-operator';

export async function createCycloneAppManager(argv: string[] = process.argv.slice(2), overrides: Partial<Parameters<typeof Manager.create>[0]> = {}): Promise<Manager> {
  const { rest, values } = takeFlags(argv, ['prometheus-url']);
  const config = parseManagerConfig(OPERATOR_NAME, rest);
  // The chart's `settings.prometheusUrl` arrives as `--set prometheusUrl=...` (config.extra).
  const prometheusUrl = values['prometheus-url'] ?? config.extra['prometheusUrl'] ?? process.env['PROMETHEUS_URL'];
  const manager = await Manager.create({ name: OPERATOR_NAME, config, metricsPrefix: 'cyclone_operator', forceReconcileAnnotation: FORCE_RECONCILE_ANNOTATION, ...overrides });
  manager.add(cycloneAppController(manager, { performance: prometheusUrl ? prometheusSource(prometheusUrl) : notConfigured }));
  return manager;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOperatorMain(OPERATOR_NAME, () => createCycloneAppManager());
