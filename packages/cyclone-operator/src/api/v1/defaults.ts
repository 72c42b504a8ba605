import { withSchemaDefaults, type Stored } from '@operators/k8s-common';
import { CycloneAppSchema, type CycloneApp } from './cycloneapp.ts';

/**
 * A CycloneApp as the API server stores it: every field the schema marks `Defaulted` is present.
 * The builders take this, so they never restate a default.
 */
export type StoredCycloneApp = Stored<typeof CycloneAppSchema>;
export type StoredCycloneAppSpec = StoredCycloneApp['spec'];

/**
 * The app with the schema's defaults filled in, as the API server would store it. Objects read from
 * the API server already have them; this makes the type say so and covers objects built in tests or
 * read from files. The input is not changed.
 */
export function withDefaults(app: CycloneApp): StoredCycloneApp {
  return withSchemaDefaults(CycloneAppSchema, app);
}
