// @peculiar/x509 registers its algorithms through tsyringe, which refuses to load unless a
// Reflect metadata polyfill is present. reflect-metadata is not a dependency of this repo, and
// tsyringe only needs the three functions below, so this installs them (never replacing a real
// polyfill that got there first). Import this module before @peculiar/x509 is evaluated.

type MetadataKey = string | symbol;
type MetadataTarget = object;

interface ReflectMetadataApi {
  defineMetadata(key: MetadataKey, value: unknown, target: MetadataTarget, property?: MetadataKey): void;
  getOwnMetadata(key: MetadataKey, target: MetadataTarget, property?: MetadataKey): unknown;
  getMetadata(key: MetadataKey, target: MetadataTarget, property?: MetadataKey): unknown;
}

const store = new WeakMap<MetadataTarget, Map<MetadataKey | undefined, Map<MetadataKey, unknown>>>();

function ownTable(target: MetadataTarget, property: MetadataKey | undefined, create: boolean): Map<MetadataKey, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let table = byProperty.get(property);
  if (!table && create) {
    table = new Map();
    byProperty.set(property, table);
  }
  return table;
}

const shim: ReflectMetadataApi = {
  defineMetadata(key, value, target, property) {
    ownTable(target, property, true)!.set(key, value);
  },
  getOwnMetadata(key, target, property) {
    return ownTable(target, property, false)?.get(key);
  },
  getMetadata(key, target, property) {
    // Inherited metadata follows the prototype chain, as the reflect-metadata proposal specifies.
    for (let current: object | null = target; current; current = Object.getPrototypeOf(current) as object | null) {
      const table = ownTable(current, property, false);
      if (table?.has(key)) return table.get(key);
    }
    return undefined;
  },
};

const reflect = Reflect as unknown as Partial<ReflectMetadataApi>;
if (typeof reflect.getMetadata !== 'function') {
  for (const [name, fn] of Object.entries(shim)) {
    Object.defineProperty(Reflect, name, { value: fn, writable: true, configurable: true });
  }
}
