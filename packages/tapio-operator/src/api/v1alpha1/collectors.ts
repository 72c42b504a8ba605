// Which collectors a TapioCluster runs, from its collectors field (each a switch).
import { switchedOn } from '../../support/switch.ts';
import { COLLECTOR_TYPES, type CollectorType } from './group.ts';
import type { TapioClusterSpec } from './tapiocluster.ts';

type Collectors = NonNullable<TapioClusterSpec['collectors']>;

/** `all` turns on every collector but etcd, which runs only when asked; a collector's own switch wins over `all`. */
export function enabledCollectorTypes(collectors: Collectors): CollectorType[] {
  const all = switchedOn(collectors.all, false);
  return COLLECTOR_TYPES.filter((type) => switchedOn(collectors[type], type === 'etcd' ? false : all));
}
