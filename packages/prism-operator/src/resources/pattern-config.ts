import type { V1ConfigMap } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { childMetadata, PATTERN_COMPONENT } from './metadata.ts';
import { patternConfigMapName } from './pattern-names.ts';

/** Where the runners read spec.config, one file per key. */
export const PATTERN_CONFIG_DIR = '/etc/prism/config';

/** The pattern-specific configuration, when spec.config has any; undefined otherwise. */
export function desiredPatternConfigMap(pattern: DefaultedPrismPattern): V1ConfigMap | undefined {
  const config = pattern.spec.config;
  if (!config || Object.keys(config).length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMetadata(pattern, patternConfigMapName(pattern), PATTERN_COMPONENT),
    data: { ...config },
  };
}

/**
 * Stamped on the pod template: runners read their configuration at start, so a change must roll
 * them. Undefined without a config, so adding none leaves the template as it was.
 */
export function patternConfigHash(pattern: DefaultedPrismPattern): string | undefined {
  const config = pattern.spec.config;
  return config && Object.keys(config).length > 0 ? stableHash(config) : undefined;
}
