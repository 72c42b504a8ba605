import { withSchemaDefaults, type Stored } from '@operators/k8s-common';
import { TickStormSchema, type TickStorm } from './tickstorm.ts';

/**
 * The TickStorm as the API server stores it: every field with a schema default (`Defaulted` in the
 * schema) is present. The builders take this, so they never restate a default. Optional sections
 * without a default (tls, autoscaling, networkPolicy, namespaceGuard) stay optional: their presence
 * switches the feature on.
 */
export type DefaultedTickStorm = Stored<typeof TickStormSchema>;
export type DefaultedTickStormSpec = DefaultedTickStorm['spec'];
export type DefaultedProbe = DefaultedTickStormSpec['probes']['liveness'];
export type DefaultedScalingRules = NonNullable<DefaultedTickStormSpec['autoscaling']>['behavior']['scaleUp'];

/**
 * The TickStorm with the schema's defaults filled in, as the API server would store it. Objects read
 * from the API server already have them; this makes the type say so and covers objects built in tests
 * or read from files. The input is not changed.
 */
export function withDefaults(tickStorm: TickStorm): DefaultedTickStorm {
  return withSchemaDefaults(TickStormSchema, tickStorm);
}
