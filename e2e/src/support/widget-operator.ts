// A whole operator process for the sample Widget controller: what the leader-election test
// starts twice and kills. Flags as any operator's (see libs/k8s-common/src/manager/config.ts).
import { controllerFor, Manager, parseManagerConfig, ResourceTypes, specOrMetadataChanged } from '@operators/k8s-common';
import { widgetReconciler, Widgets } from './widget.ts';

const manager = await Manager.create({ name: 'widget-controller', config: parseManagerConfig('widget-controller') });
manager.add(controllerFor(Widgets, specOrMetadataChanged).owns(ResourceTypes.ConfigMap).complete(widgetReconciler(manager)));
manager.handleSignals();
try {
  await manager.start();
} catch (err) {
  manager.logger.error('stopped', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
