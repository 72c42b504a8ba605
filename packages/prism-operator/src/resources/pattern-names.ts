// Names of a PrismPattern's children. The Deployment, Service and autoscaler take the pattern's own
// name, as the seed's commands (`kubectl get deployment <name>`, `kubectl get hpa <name>`,
// `http://<name>:8080/health`) expect.
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { nameOf } from './metadata.ts';

export const patternDeploymentName = (pattern: DefaultedPrismPattern): string => nameOf(pattern);
export const patternServiceName = (pattern: DefaultedPrismPattern): string => nameOf(pattern);
export const patternConfigMapName = (pattern: DefaultedPrismPattern): string => `${nameOf(pattern)}-config`;
export const patternHpaName = (pattern: DefaultedPrismPattern): string => nameOf(pattern);
export const patternScaledObjectName = (pattern: DefaultedPrismPattern): string => nameOf(pattern);
/** One per PrismBackend the pattern's triggers authenticate with; both names are at most 63 characters, so this fits 253. */
export const triggerAuthenticationName = (pattern: DefaultedPrismPattern, backendName: string): string => `${nameOf(pattern)}-${backendName}`;
