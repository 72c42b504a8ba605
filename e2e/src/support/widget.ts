import Type, { type Static } from 'typebox';
import {
  ConditionsSchema,
  controllerReference,
  resourceType,
  ResourceTypes,
  setConditions,
  toCrd,
  updateStatusIfChanged,
  type Condition,
  type Manager,
  type ReconcileFunction,
} from '@operators/k8s-common';

/**
 * A sample custom resource for the runtime's own tests: a Widget owns one ConfigMap holding
 * its `spec.data`, and reports Ready. Small enough to read at a glance, real enough to exercise
 * the cache, queue, owner mapping, server-side apply and status writes.
 */
export const WidgetSpec = Type.Object({
  data: Type.Record(Type.String(), Type.String(), { description: 'Copied into the ConfigMap' }),
});
export const WidgetStatus = Type.Object({
  observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  conditions: Type.Optional(ConditionsSchema()),
});
export type Widget = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid?: string; generation?: number; resourceVersion?: string; annotations?: Record<string, string> };
  spec: Static<typeof WidgetSpec>;
  status?: { observedGeneration?: number; conditions?: Condition[] };
};

export const WIDGET_GROUP = 'test.k8s-common.dev';
export const Widgets = resourceType(`${WIDGET_GROUP}/v1`, 'Widget', 'widgets');
/**
 * Test knob of the widget operator process (widget-operator.ts): milliseconds its reconcile of this
 * Widget sleeps before writing, deaf to the reconcile's signal, like a slow call that forgot it.
 */
export const RECONCILE_DELAY_ANNOTATION = `${WIDGET_GROUP}/reconcile-delay-ms`;

export const widgetCrd = toCrd({
  group: WIDGET_GROUP,
  names: { kind: 'Widget', plural: 'widgets', categories: ['k8s-common-test'] },
  scope: 'Namespaced',
  versions: [{ name: 'v1', served: true, storage: true, spec: WidgetSpec, status: WidgetStatus }],
});

export function widget(namespace: string, name: string, data: Record<string, string>): Widget {
  return { apiVersion: Widgets.apiVersion, kind: 'Widget', metadata: { name, namespace }, spec: { data } };
}

/** The reconciler: the ConfigMap `<name>-data` with the widget's data, then status Ready. */
export function widgetReconciler(manager: Manager, hooks: { beforeApply?: (w: Widget) => Promise<void> } = {}): ReconcileFunction {
  return async (request, { signal }) => {
    const w = manager.cache.get<Widget>(Widgets, request.name, request.namespace);
    if (!w) return;
    await hooks.beforeApply?.(w);
    const name = `${w.metadata.name}-data`;
    const desired = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: w.metadata.namespace, labels: { 'app.kubernetes.io/managed-by': 'widget-controller' }, ownerReferences: [controllerReference(w)] },
      data: w.spec.data,
    };
    const live = manager.cache.get(ResourceTypes.ConfigMap, name, w.metadata.namespace);
    const result = await manager.applier.apply(ResourceTypes.ConfigMap, desired, live, { signal });
    if (result.driftCorrected) manager.events.event(w, 'Normal', 'DriftCorrected', `ConfigMap ${name} was changed by hand and put back`);
    const conditions = setConditions(w.status?.conditions, [
      { type: 'Ready', status: 'True', reason: 'Reconciled', message: `ConfigMap ${name} is up to date`, observedGeneration: w.metadata.generation ?? 0 },
    ]);
    await updateStatusIfChanged(manager.client, Widgets, w, { observedGeneration: w.metadata.generation ?? 0, conditions }, manager.name, { signal });
  };
}
