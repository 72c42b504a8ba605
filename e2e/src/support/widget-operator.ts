// A whole operator process for the sample Widget controller: what the leader-election test
// starts twice and kills. Flags as any operator's (see libs/k8s-common/src/manager/config.ts).
import { controllerFor, Manager, parseManagerConfig, ResourceTypes, runManager, specOrMetadataChanged } from '@operators/k8s-common';
import { widgetReconciler, Widgets } from './widget.ts';

const manager = await Manager.create({ name: 'widget-controller', config: parseManagerConfig('widget-controller') });
manager.add(controllerFor(Widgets, specOrMetadataChanged).owns(ResourceTypes.ConfigMap).complete(widgetReconciler(manager)));
await runManager(manager);
