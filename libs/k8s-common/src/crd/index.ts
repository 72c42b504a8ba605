export {
  toCrd,
  toStructuralSchema,
  CrdSchemaError,
  type CustomResourceDefinition,
  type CustomResourceDefinitionInput,
  type CustomResourceDefinitionVersion,
  type CustomResourceVersionDefinition,
  type JsonSchemaProps,
  type PrinterColumn,
  type ScaleSubresource,
  type ValidationRule,
} from './to-crd.ts';
export {
  CustomResource,
  IntOrString,
  Quantity,
  Duration,
  // Exported under *Schema names: `Condition` is the status type in meta/conditions.ts.
  Condition as ConditionSchema,
  Conditions as ConditionsSchema,
  ResourceRequirements,
  Affinity,
  Toleration,
  Tolerations,
  NodeSelector,
  PodLabels,
  PodAnnotations,
  EnvVar,
  EnvVars,
  LocalObjectReference,
} from './schemas.ts';
export { validateResource, parseResource, formatValidationErrors, ResourceValidationError, type ValidationIssue, type ValidationResult } from './validate.ts';
export {
  renderCrdYaml,
  renderApiReference,
  syncCrdArtifacts,
  syncGeneratedFiles,
  crdFileName,
  GENERATED_CRD_HEADER,
  type RenderCrdOptions,
  type SyncCrdArtifactsOptions,
} from './generate.ts';
export { celRuleIssues, celValidations, withCelRules, type CelRule } from './cel-rules.ts';
export { Defaulted, withSchemaDefaults, type Stored, type TDefaulted } from './defaulted.ts';
export { operatorArtifacts, runArtifactsCommand, type OperatorArtifacts, type OperatorArtifactsOptions } from './operator-artifacts.ts';
