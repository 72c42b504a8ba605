// A whole operator process for the sample Widget controller: what the leader-election test
// starts twice and kills. Flags as any operator's (see libs/k8s-common/src/manager/config.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { controllerFor, Manager, parseManagerConfig, ResourceTypes, runManager, specOrMetadataChanged } from '@operators/k8s-common';
import { RECONCILE_DELAY_ANNOTATION, widgetReconciler, Widgets, type Widget } from './widget.ts';

const manager = await Manager.create({ name: 'widget-controller', config: parseManagerConfig('widget-controller') });

/** The test knob: a slow reconcile that ignores its signal, so only the client's write fence can stop its writes. */
async function delayIfAsked(w: Widget): Promise<void> {
  const delayMs = Number(w.metadata.annotations?.[RECONCILE_DELAY_ANNOTATION] ?? 0);
  if (!(delayMs > 0)) return;
  manager.logger.info('delaying the reconcile before writing', { name: w.metadata.name, delayMs });
  await sleep(delayMs);
}

manager.add(controllerFor(Widgets, specOrMetadataChanged).owns(ResourceTypes.ConfigMap).complete(widgetReconciler(manager, { beforeApply: delayIfAsked })));
await runManager(manager);
