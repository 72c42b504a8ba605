import type { KubeClient } from '../client/kube-client.ts';
import { ResourceTypes, type ResourceType } from '../client/resource-type.ts';
import type { CaBundlePatcher, CaBundleTarget } from './ca-injection.ts';

const targetTypes: Record<CaBundleTarget['kind'], ResourceType> = {
  ValidatingWebhookConfiguration: ResourceTypes.ValidatingWebhookConfiguration,
  MutatingWebhookConfiguration: ResourceTypes.MutatingWebhookConfiguration,
  CustomResourceDefinition: ResourceTypes.CustomResourceDefinition,
};

/**
 * The CaBundlePatcher injectCaBundle needs, on the real API: reads the cluster-scoped target
 * (NotFound is `undefined`) and sends the operations as a JSON Patch, whose leading `test` on the
 * resourceVersion makes the API server refuse it (422) if the object changed since it was read.
 */
export function kubeCaBundlePatcher(client: KubeClient): CaBundlePatcher {
  return {
    get: (target) => client.tryGet(targetType(target), target.name),
    patch: async (target, operations) => {
      await client.patch(targetType(target), target.name, undefined, operations, 'json');
    },
  };
}

function targetType(target: CaBundleTarget): ResourceType {
  const type = targetTypes[target.kind] as ResourceType | undefined;
  if (!type) throw new Error(`cannot inject a CA bundle into ${String(target.kind)} ${target.name}`);
  return type;
}
