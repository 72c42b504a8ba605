// Schema pieces the kit does not have yet (candidates for libs/k8s-common/src/crd/schemas.ts).
import { Quantity } from '@operators/k8s-common';
import Type, { type TSchemaOptions } from 'typebox';

/**
 * Requests and limits of a container, bounded so that CEL rules may read them: the API server
 * estimates a rule's cost from the largest map and string the schema admits, and refuses a CRD whose
 * rules over an unbounded map of unbounded quantities could exceed the budget. A pod has a handful of
 * resource names; 16 leaves room for extended resources. DRA `claims` are left out.
 */
export function BoundedResourceRequirements(options: TSchemaOptions = {}) {
  const quantities = (description: string) =>
    Type.Optional(
      Type.Record(Type.String({ maxLength: 253 }), Quantity({ maxLength: 64 }), {
        maxProperties: 16,
        description,
      }),
    );
  return Type.Object(
    {
      requests: quantities('Minimum amount of each resource, e.g. cpu: 100m, memory: 128Mi.'),
      limits: quantities('Maximum amount of each resource.'),
    },
    { additionalProperties: false, description: 'Compute resources: requests and limits.', ...options },
  );
}
