export { WebhookServer, AdmissionDenied, DEFAULT_MAX_BODY_BYTES, HEALTHZ_PATH } from './server.ts';
export type {
  AdmissionDecision,
  AdmissionOperation,
  AdmissionRequest,
  AdmissionUserInfo,
  ConversionHandler,
  ConvertibleObject,
  GroupVersionKind,
  GroupVersionResource,
  MutatingHandler,
  MutationDecision,
  ObjectMutatingHandler,
  ValidatingHandler,
  WebhookServerOptions,
} from './server.ts';
export {
  CertificateManager,
  CLOCK_SKEW_ALLOWANCE_MS,
  DEFAULT_CA_VALIDITY_MS,
  DEFAULT_LEAF_VALIDITY_MS,
  generateCertificateAuthority,
  generateServingCertificate,
  issueServingCertificate,
  serviceDnsNames,
} from './certs.ts';
export type {
  CertificateAuthority,
  CertificateAuthorityOptions,
  CertificateManagerOptions,
  CertificateSource,
  RotationListener,
  ServingCertificate,
  ServingCertificateOptions,
  TlsMaterial,
  WallClock,
} from './certs.ts';
export { MountedCertificates } from './mounted-certs.ts';
export type { MountedCertificatesOptions } from './mounted-certs.ts';
export { caBundlePatch, CaInjectionError, injectCaBundle } from './ca-injection.ts';
export type { CaBundlePatcher, CaBundleTarget, CaInjectionOutcome, CaInjectionResult } from './ca-injection.ts';
export { kubeCaBundlePatcher } from './kube-patcher.ts';
export { applyJsonPatch, createJsonPatch, JsonPatchError } from './json-patch.ts';
export type { JsonPatchOperation } from './json-patch.ts';
export type { WebhookLogger } from './logger.ts';
