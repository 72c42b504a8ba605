export * from './api/v1alpha1/group.ts';
export * from './api/v1alpha1/shared.ts';
export * from './api/v1alpha1/collectors.ts';
export * from './api/v1alpha1/defaults.ts';
export * from './api/v1alpha1/profile.ts';
export * from './api/v1alpha1/validation.ts';
export { tapioClusterCrd, TapioClusterSchema, type TapioCluster, type TapioClusterSpec, type TapioClusterStatus } from './api/v1alpha1/tapiocluster.ts';
export { tapioCollectorCrd, TapioCollectorSchema, type TapioCollector, type TapioCollectorSpec, type TapioCollectorStatus } from './api/v1alpha1/tapiocollector.ts';
export {
  tapioIntelligenceCrd,
  TapioIntelligenceSchema,
  type TapioIntelligence,
  type TapioIntelligenceSpec,
  type TapioIntelligenceStatus,
} from './api/v1alpha1/tapiointelligence.ts';
