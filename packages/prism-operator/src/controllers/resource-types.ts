// The Prism kinds, and the core kinds the kit's ResourceTypes lacks, as the client and the cache address them.
import { resourceType, type ResourceType } from '@operators/k8s-common';
import { API_VERSION } from '../api/v1alpha1/group.ts';
import { BACKEND_KIND, BACKEND_PLURAL } from '../api/v1alpha1/prismbackend.ts';
import { NAMESPACE_KIND, NAMESPACE_PLURAL } from '../api/v1alpha1/prismnamespace.ts';
import { PATTERN_KIND, PATTERN_PLURAL } from '../api/v1alpha1/prismpattern.ts';
import { STACK_KIND, STACK_PLURAL } from '../api/v1alpha1/prismstack.ts';

export const PrismPatterns: ResourceType = resourceType(API_VERSION, PATTERN_KIND, PATTERN_PLURAL);
export const PrismBackends: ResourceType = resourceType(API_VERSION, BACKEND_KIND, BACKEND_PLURAL);
export const PrismStacks: ResourceType = resourceType(API_VERSION, STACK_KIND, STACK_PLURAL);
export const PrismNamespaces: ResourceType = resourceType(API_VERSION, NAMESPACE_KIND, NAMESPACE_PLURAL, false);
export const ResourceQuotas: ResourceType = resourceType('v1', 'ResourceQuota', 'resourcequotas');
export const LimitRanges: ResourceType = resourceType('v1', 'LimitRange', 'limitranges');
