import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { canonicalJson } from '../hash.ts';

/** A CEL rule (`x-kubernetes-validations`); the API server evaluates it, nothing in this library does. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  optionalOldSelf?: boolean;
}

/** One node of an `apiextensions.k8s.io/v1` openAPIV3Schema (JSONSchemaProps), spelled as on the wire. */
export interface JsonSchemaProps {
  description?: string;
  title?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  default?: unknown;
  example?: unknown;
  nullable?: boolean;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps;
  items?: JsonSchemaProps;
  anyOf?: JsonSchemaProps[];
  oneOf?: JsonSchemaProps[];
  allOf?: JsonSchemaProps[];
  externalDocs?: { description?: string; url?: string };
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-embedded-resource'?: true;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: 'int32' | 'int64' | 'float' | 'double' | 'byte' | 'date' | 'date-time' | 'password';
  /** 0 shows the column in the default view; higher numbers only with `kubectl get -o wide`. */
  priority?: number;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface CustomResourceVersionDefinition {
  name: string;
  /** Defaults to true. */
  served?: boolean;
  /** Defaults to true when there is a single version; otherwise exactly one version must set it. */
  storage?: boolean;
  spec: TSchema;
  status?: TSchema;
  /** CEL rules on the whole object, for checks that need `self.metadata` next to `self.spec`. */
  validations?: ValidationRule[];
  printerColumns?: PrinterColumn[];
  /** `status` defaults to true when the version has a status schema. */
  subresources?: { status?: boolean; scale?: ScaleSubresource };
  /** JSON paths usable as field selectors (`kubectl get --field-selector`). */
  selectableFields?: string[];
  deprecated?: boolean;
  deprecationWarning?: string;
}

export interface CustomResourceDefinitionInput {
  group: string;
  names: {
    kind: string;
    plural: string;
    singular?: string;
    shortNames?: string[];
    categories?: string[];
    listKind?: string;
  };
  scope: 'Namespaced' | 'Cluster';
  versions: CustomResourceVersionDefinition[];
  /** Becomes the description of the root schema, so `kubectl explain <kind>` shows it. */
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema: { openAPIV3Schema: JsonSchemaProps };
  subresources?: { status?: Record<string, never>; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: { jsonPath: string }[];
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: CustomResourceDefinitionVersion[];
  };
}

/** A schema that kube-apiserver would reject, or that would not mean in Kubernetes what it means in TypeBox. */
export class CrdSchemaError extends Error {
  /** Field path inside the resource, e.g. `spec.ports[].name` (`[]` = list items, `.*` = map values). */
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`${path || '<root>'}: ${problem}`);
    this.name = 'CrdSchemaError';
    this.path = path;
  }
}

type Json = Record<string, unknown>;

interface Resolved {
  node: Json;
  context: ConversionContext;
}

interface ConversionContext {
  readonly definitions: ReadonlyMap<string, unknown>;
  /** `$ref` names being inlined along the current path; a repeat means the type is recursive. */
  readonly resolving: readonly string[];
}

const SCALAR_TYPES = new Set(['string', 'integer', 'number', 'boolean']);
const JSON_TYPES = new Set(['object', 'array', ...SCALAR_TYPES]);

// String formats kube-apiserver 1.36 validates (compared with dashes removed, as it does); any other
// format is silently ignored there, so emitting it would only suggest a check that never happens.
const KUBERNETES_STRING_FORMATS = new Set(
  [
    'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
    'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date',
    'datetime', 'k8s-short-name', 'k8s-long-name',
  ].map((format) => format.replaceAll('-', '')),
);
const FORMATS_BY_TYPE: Record<string, ReadonlySet<string>> = {
  integer: new Set(['int32', 'int64']),
  number: new Set(['float', 'double']),
};

const KEYWORDS_BY_TYPE: Record<string, readonly string[]> = {
  object: ['properties', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'required'],
  array: ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'],
  string: ['minLength', 'maxLength', 'pattern'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};
const TYPE_OF_KEYWORD = new Map(
  Object.entries(KEYWORDS_BY_TYPE).flatMap(([type, keywords]) => keywords.map((keyword) => [keyword, type] as const)),
);

const IGNORED_KEYWORDS = new Set(['$id', '$schema', '$comment', '$defs', 'definitions', 'readOnly', 'writeOnly']);
const ANNOTATION_KEYWORDS = new Set(['description', 'title', 'examples', 'example', '$id', '$schema', '$comment']);
const VALUE_VALIDATION_KEYWORDS = new Set([
  'const', 'enum', 'format', 'pattern', 'minLength', 'maxLength',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
]);
const VALIDATION_RULE_KEYS = new Set(['rule', 'message', 'messageExpression', 'fieldPath', 'reason', 'optionalOldSelf']);
const VALIDATION_RULE_REASONS = new Set(['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate']);
const UNIVERSAL_KEY_PATTERNS = new Set(['^.*$', '.*', '^(.*)$', '^.*', '']);

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

export function propertyPath(parent: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!parent) return segment;
  return segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`;
}
const itemsPath = (parent: string): string => `${parent}[]`;
const mapValuesPath = (parent: string): string => `${parent}.*`;

/**
 * Converts one TypeBox (JSON Schema 2020-12) schema into a structural OpenAPI v3 schema as
 * kube-apiserver accepts it in a CRD. `path` names the field in error messages.
 */
export function toStructuralSchema(schema: TSchema, path = ''): JsonSchemaProps {
  return convertSchema(schema, path, { definitions: new Map(), resolving: [] });
}

/** Converts a schema as written, checking its default against it (a union's default may be null, its branches' not). */
function convertSchema(raw: unknown, path: string, parentContext: ConversionContext): JsonSchemaProps {
  if (!isRecord(raw)) throw new CrdSchemaError(path, `expected a schema object, got ${JSON.stringify(raw)}`);
  const context = withDefinitions(raw, path, parentContext);
  const result = convertNode(raw, path, context);
  checkDefault(raw, result, path, context);
  return result;
}

function convertNode(node: Json, path: string, context: ConversionContext): JsonSchemaProps {
  if (typeof node.$ref === 'string') {
    const resolved = resolveReference(node, path, context);
    return convertNode(resolved.node, path, withDefinitions(resolved.node, path, resolved.context));
  }
  if (node.allOf !== undefined) {
    const merged = mergeIntersection(node, path, context);
    return convertNode(merged.node, path, merged.context);
  }
  if (node.anyOf !== undefined) return convertUnion(node, 'anyOf', path, context);
  if (node.oneOf !== undefined) return convertUnion(node, 'oneOf', path, context);
  return convertPlain(node, path, context);
}

function withDefinitions(node: Json, path: string, context: ConversionContext): ConversionContext {
  const local = [node.$defs, node.definitions].filter((defs) => defs !== undefined);
  if (local.length === 0) return context;
  const definitions = new Map(context.definitions);
  for (const defs of local) {
    if (!isRecord(defs)) throw new CrdSchemaError(path, '$defs must be an object');
    for (const [name, schema] of Object.entries(defs)) {
      definitions.set(name, schema);
      if (isRecord(schema) && typeof schema.$id === 'string') definitions.set(schema.$id, schema);
    }
  }
  return { ...context, definitions };
}

function referenceName(ref: string): string {
  return ref.replace(/^#\/(\$defs|definitions)\//, '');
}

function resolveReference(node: Json, path: string, context: ConversionContext): Resolved {
  const ref = node.$ref as string;
  const name = referenceName(ref);
  if (context.resolving.includes(name)) {
    throw new CrdSchemaError(path, `recursive type "${name}" cannot be inlined: structural schemas must be finite, so give the recursion a fixed depth or mark the field x-kubernetes-preserve-unknown-fields`);
  }
  const target = context.definitions.get(name);
  if (!isRecord(target)) {
    throw new CrdSchemaError(path, `$ref "${ref}" does not resolve to a schema in an enclosing $defs; CRD schemas cannot hold references, so use the schema itself instead of Type.Ref`);
  }
  const { $ref: _ref, ...siblings } = node;
  return { node: { ...target, ...siblings }, context: { ...context, resolving: [...context.resolving, name] } };
}

/** Follows `$ref`s until a schema without one; used where branches are inspected before conversion. */
function dereference(node: unknown, path: string, context: ConversionContext): Resolved {
  if (!isRecord(node)) throw new CrdSchemaError(path, `expected a schema object, got ${JSON.stringify(node)}`);
  let current = { node, context: withDefinitions(node, path, context) };
  while (typeof current.node.$ref === 'string') {
    const next = resolveReference(current.node, path, current.context);
    current = { node: next.node, context: withDefinitions(next.node, path, next.context) };
  }
  return current;
}

/** `Type.Intersect` of objects becomes one object, since allOf may not declare types in a structural schema. */
function mergeIntersection(node: Json, path: string, context: ConversionContext): Resolved {
  const { allOf, ...outer } = node;
  if (!Array.isArray(allOf) || allOf.length === 0) throw new CrdSchemaError(path, 'allOf must be a non-empty array');
  const merged: Json = {};
  const properties: Json = {};
  const required = new Set<string>();
  const rules: unknown[] = [];
  const objects = allOf.flatMap((branch, index) => flattenIntersection(branch, index, path, context));
  for (const branch of [...objects.map((object) => object.node), outer]) {
    for (const [key, value] of Object.entries(branch)) {
      if (key === 'properties') {
        if (!isRecord(value)) throw new CrdSchemaError(path, 'properties must be an object');
        for (const [name, schema] of Object.entries(value)) {
          if (name in properties && !sameJson(properties[name], schema)) {
            throw new CrdSchemaError(propertyPath(path, name), 'intersected objects declare this field with different schemas');
          }
          properties[name] = schema;
        }
      } else if (key === 'required') {
        if (!Array.isArray(value)) throw new CrdSchemaError(path, 'required must be an array');
        for (const name of value) required.add(String(name));
      } else if (key === 'x-kubernetes-validations') {
        if (!Array.isArray(value)) throw new CrdSchemaError(path, 'x-kubernetes-validations must be an array');
        rules.push(...value);
      } else if (key === 'type' || (key === 'additionalProperties' && value === false)) {
        continue;
      } else if (branch === outer || !(key in merged)) {
        merged[key] = value;
      } else if (!ANNOTATION_KEYWORDS.has(key) && !sameJson(merged[key], value)) {
        throw new CrdSchemaError(path, `intersected objects disagree on "${key}"`);
      }
    }
  }
  const mergedNode = {
    ...merged,
    type: 'object',
    properties,
    ...(required.size > 0 ? { required: [...required] } : {}),
    ...(rules.length > 0 ? { 'x-kubernetes-validations': rules } : {}),
  };
  return { node: mergedNode, context: mergeContexts(context, objects.map((object) => object.context)) };
}

/** Members of an intersection may come from different `$ref`s; their properties need every one in scope. */
function mergeContexts(base: ConversionContext, contexts: ConversionContext[]): ConversionContext {
  const definitions = new Map(base.definitions);
  const resolving = new Set(base.resolving);
  for (const context of contexts) {
    for (const [name, schema] of context.definitions) definitions.set(name, schema);
    for (const name of context.resolving) resolving.add(name);
  }
  return { definitions, resolving: [...resolving] };
}

function flattenIntersection(branch: unknown, index: number, path: string, context: ConversionContext): Resolved[] {
  const resolved = dereference(branch, path, context);
  const { node } = resolved;
  if (node.allOf !== undefined) {
    const { allOf, ...rest } = node;
    if (!Array.isArray(allOf)) throw new CrdSchemaError(path, 'allOf must be an array');
    return [...allOf.flatMap((inner, innerIndex) => flattenIntersection(inner, innerIndex, path, resolved.context)), { node: rest, context: resolved.context }];
  }
  if (node.type !== 'object' && node.properties === undefined) {
    throw new CrdSchemaError(path, `allOf (Type.Intersect) is only supported for objects, but member ${index} is ${describeType(node)}`);
  }
  return [resolved];
}

function describeType(node: Json): string {
  if ('const' in node) return `the literal ${JSON.stringify(node.const)}`;
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return node.type.join(' | ');
  if (node.anyOf !== undefined || node.oneOf !== undefined) return 'a union';
  if (Array.isArray(node.enum)) return 'an enum';
  return 'untyped';
}

function isNullSchema(node: Json): boolean {
  return node.type === 'null' || ('const' in node && node.const === null) || (Array.isArray(node.enum) && node.enum.every((v) => v === null));
}

function isLiteralSchema(node: Json): boolean {
  const structural = Object.keys(node).filter((key) => !ANNOTATION_KEYWORDS.has(key) && key !== 'type');
  return structural.length === 1 && (structural[0] === 'const' || (structural[0] === 'enum' && Array.isArray(node.enum)));
}

function literalValues(node: Json): unknown[] {
  return 'const' in node ? [node.const] : (node.enum as unknown[]);
}

function schemaType(node: Json): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (isLiteralSchema(node)) return inferScalarType(literalValues(node));
  if (node.properties !== undefined) return 'object';
  return undefined;
}

function inferScalarType(values: readonly unknown[]): string | undefined {
  const types = new Set(values.filter((v) => v !== null).map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)));
  if (types.size === 2 && types.has('integer') && types.has('number')) return 'number';
  return types.size === 1 ? [...types][0] : undefined;
}

function flattenUnion(branches: unknown, keyword: string, path: string, context: ConversionContext): Resolved[] {
  if (!Array.isArray(branches) || branches.length === 0) throw new CrdSchemaError(path, `${keyword} must be a non-empty array`);
  const flat: Resolved[] = [];
  for (const branch of branches) {
    const resolved = dereference(branch, path, context);
    const nested = resolved.node.anyOf ?? resolved.node.oneOf;
    if (nested !== undefined && Object.keys(resolved.node).every((key) => key === 'anyOf' || key === 'oneOf' || ANNOTATION_KEYWORDS.has(key))) {
      flat.push(...flattenUnion(nested, keyword, path, resolved.context));
    } else {
      flat.push(resolved);
    }
  }
  const seen = new Set<string>();
  return flat.filter(({ node }) => {
    const key = canonicalJson(node);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function convertUnion(node: Json, keyword: 'anyOf' | 'oneOf', path: string, context: ConversionContext): JsonSchemaProps {
  const { [keyword]: rawBranches, ...outer } = node;
  const branches = flattenUnion(rawBranches, keyword, path, context);
  const alternatives = branches.filter((branch) => !isNullSchema(branch.node));
  if (alternatives.length === 0) throw new CrdSchemaError(path, 'a field that can only be null cannot be expressed');
  const result = convertAlternatives(outer, alternatives, keyword, path);
  if (alternatives.length < branches.length) markNullable(result);
  return result;
}

function convertAlternatives(outer: Json, resolvedAlternatives: Resolved[], keyword: 'anyOf' | 'oneOf', path: string): JsonSchemaProps {
  const [single] = resolvedAlternatives;
  if (single && resolvedAlternatives.length === 1) return convertNode({ ...single.node, ...outer }, path, single.context);
  // Only scalar alternatives survive below, so no nested schema (and no $ref scope) is needed any more.
  const context: ConversionContext = { definitions: new Map(), resolving: [] };
  const alternatives = resolvedAlternatives.map((alternative) => alternative.node);

  if (alternatives.every(isLiteralSchema)) {
    const values = [...new Map(alternatives.flatMap(literalValues).map((v) => [canonicalJson(v), v])).values()];
    const type = inferScalarType(values);
    if (!type || !SCALAR_TYPES.has(type)) {
      throw new CrdSchemaError(path, `a literal union must hold values of one scalar type, got ${values.map((v) => JSON.stringify(v)).join(', ')}`);
    }
    return convertNode({ ...outer, type, enum: values }, path, context);
  }

  const types = alternatives.map(schemaType);
  const distinctTypes = new Set(types);
  if (alternatives.length === 2 && distinctTypes.has('integer') && distinctTypes.has('string') && !alternatives.some(isLiteralSchema)) {
    return convertNode(hoistIntOrString(outer, alternatives, path), path, context);
  }
  if (outer['x-kubernetes-int-or-string'] === true) {
    throw new CrdSchemaError(path, 'x-kubernetes-int-or-string needs exactly an integer and a string alternative');
  }
  const [onlyType] = distinctTypes;
  if (distinctTypes.size === 1 && onlyType !== undefined && SCALAR_TYPES.has(onlyType)) {
    // Alternatives of one scalar type differ only in value validations, which a structural
    // schema allows inside anyOf/oneOf as long as the type is declared outside.
    const result = convertNode({ ...outer, type: onlyType }, path, context);
    result[keyword] = alternatives.map((alternative, index) => valueValidationsOnly(alternative, onlyType, index, path));
    return result;
  }
  if (types.every((type) => type === 'object')) {
    throw new CrdSchemaError(path, 'a union of different object types cannot be expressed in a structural schema; use one object with optional fields and an x-kubernetes-validations rule that allows only one of them');
  }
  throw new CrdSchemaError(path, `a union of ${alternatives.map(describeType).join(' | ')} cannot be expressed in a structural schema; only literal unions, X | null, integer | string and alternatives of one scalar type are supported`);
}

/** Pattern and length constraints only ever apply to strings, bounds only to numbers, so they can sit beside each other. */
function hoistIntOrString(outer: Json, alternatives: Json[], path: string): Json {
  const hoisted: Json = { ...outer, 'x-kubernetes-int-or-string': true };
  for (const alternative of alternatives) {
    const type = schemaType(alternative) as 'integer' | 'string';
    for (const [key, value] of Object.entries(alternative)) {
      if (key === 'type' || ANNOTATION_KEYWORDS.has(key) || (key === 'format' && type === 'integer')) continue;
      const keywordType = TYPE_OF_KEYWORD.get(key);
      const applies = key === 'format' || (type === 'string' ? keywordType === 'string' : keywordType === 'number');
      if (!applies) throw new CrdSchemaError(path, `"${key}" on the ${type} alternative of an integer | string union cannot be expressed`);
      hoisted[key] = value;
    }
  }
  return hoisted;
}

function valueValidationsOnly(node: Json, type: string, index: number, path: string): JsonSchemaProps {
  const result: JsonSchemaProps = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || ANNOTATION_KEYWORDS.has(key)) continue;
    if (!VALUE_VALIDATION_KEYWORDS.has(key)) {
      throw new CrdSchemaError(path, `"${key}" in union alternative ${index} cannot be expressed: only value validations are allowed inside anyOf/oneOf of a structural schema`);
    }
    if (key === 'const') result.enum = [value];
    else if (key === 'format') copyFormat(result, value, type, path);
    else if (key === 'minimum' || key === 'maximum' || key === 'exclusiveMinimum' || key === 'exclusiveMaximum') continue;
    else if (key === 'pattern') result.pattern = checkPattern(value, path);
    else (result as Json)[key] = value;
  }
  copyBounds(result, node, path);
  return result;
}

function markNullable(result: JsonSchemaProps): void {
  if (result['x-kubernetes-preserve-unknown-fields'] && result.type === undefined) return;
  result.nullable = true;
  moveEnumOutOfNullCheck(result);
}

function moveEnumOutOfNullCheck(result: JsonSchemaProps): void {
  if (!result.nullable || !result.enum) return;
  // kube-apiserver checks `enum` against null even when the field is nullable (and a null entry in
  // the enum never matches), so the enum moves into allOf, which it skips for null values.
  result.allOf = [...(result.allOf ?? []), { enum: result.enum }];
  delete result.enum;
}

function inferType(node: Json, path: string): { type?: string; nullable: boolean } {
  let nullable = false;
  let type: string | undefined;
  if (Array.isArray(node.type)) {
    const types = node.type.filter((t) => t !== 'null');
    nullable = types.length < node.type.length;
    if (types.length > 1) throw new CrdSchemaError(path, `a field of several types (${types.join(', ')}) cannot be expressed in a structural schema`);
    type = types[0] as string | undefined;
  } else if (node.type !== undefined) {
    if (typeof node.type !== 'string') throw new CrdSchemaError(path, 'type must be a string');
    type = node.type;
  }
  if (type === undefined) {
    if (node.properties !== undefined || node.additionalProperties !== undefined || node.patternProperties !== undefined) type = 'object';
    else if (node.items !== undefined) type = 'array';
    else if ('const' in node) type = inferScalarType([node.const]);
    else if (Array.isArray(node.enum)) type = inferScalarType(node.enum);
  }
  if (type === 'null') throw new CrdSchemaError(path, 'a field that can only be null cannot be expressed');
  if (type !== undefined && !JSON_TYPES.has(type)) {
    throw new CrdSchemaError(path, `type "${type}" has no JSON representation (TypeBox types such as Date, BigInt, Undefined and functions cannot be stored in a resource)`);
  }
  return { type, nullable };
}

function convertPlain(node: Json, path: string, context: ConversionContext): JsonSchemaProps {
  const out: JsonSchemaProps = {};
  const { type, nullable } = inferType(node, path);
  if (type) out.type = type as JsonSchemaProps['type'];
  if (nullable || node.nullable === true) out.nullable = true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;

  for (const [key, value] of Object.entries(node)) {
    if (IGNORED_KEYWORDS.has(key) || key === 'type' || key === 'nullable') continue;
    const keywordType = TYPE_OF_KEYWORD.get(key);
    if (keywordType && key !== 'required' && !keywordApplies(keywordType, type, intOrString)) {
      throw new CrdSchemaError(path, `"${key}" applies to ${keywordType === 'number' ? 'numbers' : `${keywordType}s`}, but this field is ${type ?? 'untyped'}`);
    }
    switch (key) {
      case 'description':
      case 'title':
        out[key] = expectString(value, key, path);
        break;
      case 'default':
        out.default = value;
        break;
      case 'example':
        out.example = value;
        break;
      case 'examples':
        if (Array.isArray(value) && value.length > 0 && !('example' in node)) out.example = value[0];
        break;
      case 'format':
        copyFormat(out, value, intOrString ? 'string' : type, path);
        break;
      case 'const':
        out.enum = [value];
        break;
      case 'enum':
        if (!Array.isArray(value) || value.length === 0) throw new CrdSchemaError(path, 'enum must be a non-empty array');
        if (value.includes(null)) out.nullable = true;
        out.enum = value.filter((v) => v !== null);
        break;
      case 'multipleOf':
        out.multipleOf = expectNumber(value, key, path);
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        break; // bounds are read in pairs below
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
        out[key] = expectCount(value, key, path);
        break;
      case 'pattern':
        out.pattern = checkPattern(value, path);
        break;
      case 'required':
        if (!Array.isArray(value) || value.some((name) => typeof name !== 'string')) throw new CrdSchemaError(path, 'required must be an array of strings');
        if (value.length > 0) out.required = [...(value as string[])];
        break;
      case 'properties':
      case 'additionalProperties':
      case 'patternProperties':
      case 'items':
      case 'prefixItems':
      case 'additionalItems':
      case 'uniqueItems':
        break; // converted below, once all keywords are known
      case 'externalDocs':
        if (!isRecord(value)) throw new CrdSchemaError(path, 'externalDocs must be an object');
        out.externalDocs = value as JsonSchemaProps['externalDocs'];
        break;
      default:
        if (key.startsWith('x-kubernetes-')) copyKubernetesExtension(out, key, value, path);
        else throw new CrdSchemaError(path, `keyword "${key}" is not supported in CustomResourceDefinition schemas`);
    }
  }

  copyBounds(out, node, path);
  if (type === 'number' && out.enum?.every(Number.isInteger)) {
    // TypeBox types numeric literals as number; integer is exact here and gives CEL an int, not a double.
    out.type = 'integer';
  }
  if (type === 'object') convertObjectMembers(node, out, path, context);
  if (type === 'array') convertArrayItems(node, out, path, context);
  if (type === undefined) {
    if (intOrString) {
      out.anyOf = [{ type: 'integer' }, { type: 'string' }];
    } else if (!out['x-kubernetes-preserve-unknown-fields']) {
      const constraints = Object.keys(out).filter((key) => !ANNOTATION_KEYWORDS.has(key) && key !== 'default' && key !== 'nullable');
      if (constraints.length > 0) throw new CrdSchemaError(path, `the field has no type, so ${constraints.join(', ')} cannot be checked`);
      // An untyped schema (Type.Unknown, Type.Any) accepts any JSON value; Kubernetes spells that this way.
      out['x-kubernetes-preserve-unknown-fields'] = true;
    }
  }
  moveEnumOutOfNullCheck(out);
  checkKubernetesExtensions(out, path);
  return out;
}

function keywordApplies(keywordType: string, type: string | undefined, intOrString: boolean): boolean {
  if (intOrString) return keywordType === 'string' || keywordType === 'number';
  if (keywordType === 'number') return type === 'number' || type === 'integer';
  return type === keywordType;
}

function expectString(value: unknown, key: string, path: string): string {
  if (typeof value !== 'string') throw new CrdSchemaError(path, `${key} must be a string`);
  return value;
}

function expectNumber(value: unknown, key: string, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CrdSchemaError(path, `${key} must be a finite number`);
  return value;
}

function expectCount(value: unknown, key: string, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new CrdSchemaError(path, `${key} must be a non-negative integer`);
  return value;
}

function copyFormat(out: JsonSchemaProps, value: unknown, type: string | undefined, path: string): void {
  const format = expectString(value, 'format', path);
  if (format === 'duration' && (type === 'string' || type === undefined)) {
    throw new CrdSchemaError(path, 'format "duration" means an ISO 8601 duration to TypeBox but a Go duration (1h30m) to kube-apiserver; use the Duration() schema (a pattern) instead');
  }
  const allowed = type && FORMATS_BY_TYPE[type];
  if (allowed ? allowed.has(format) : type === 'string' && KUBERNETES_STRING_FORMATS.has(format.replaceAll('-', ''))) out.format = format;
}

function copyBounds(out: JsonSchemaProps, node: Json, path: string): void {
  copyBound(out, node, 'minimum', 'exclusiveMinimum', path);
  copyBound(out, node, 'maximum', 'exclusiveMaximum', path);
}

/** JSON Schema 2020-12 spells an exclusive bound as a number; OpenAPI v3.0 (and Kubernetes) as a flag on minimum/maximum. */
function copyBound(out: JsonSchemaProps, node: Json, inclusiveKey: 'minimum' | 'maximum', exclusiveKey: 'exclusiveMinimum' | 'exclusiveMaximum', path: string): void {
  const inclusive = node[inclusiveKey] === undefined ? undefined : expectNumber(node[inclusiveKey], inclusiveKey, path);
  const exclusive = node[exclusiveKey];
  if (exclusive !== undefined && typeof exclusive !== 'boolean') {
    const bound = expectNumber(exclusive, exclusiveKey, path);
    const exclusiveIsStricter = inclusive === undefined || (inclusiveKey === 'minimum' ? bound >= inclusive : bound <= inclusive);
    if (exclusiveIsStricter) {
      out[inclusiveKey] = bound;
      out[exclusiveKey] = true;
      return;
    }
  }
  if (inclusive !== undefined) out[inclusiveKey] = inclusive;
  if (exclusive === true) out[exclusiveKey] = true;
}

function checkPattern(value: unknown, path: string): string {
  const pattern = expectString(value, 'pattern', path);
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new CrdSchemaError(path, `pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
  }
  // kube-apiserver compiles patterns with Go's RE2, which has no lookaround and no backreferences.
  if (/\(\?<?[=!]|\\[1-9]|\\k</.test(pattern)) {
    throw new CrdSchemaError(path, `pattern ${JSON.stringify(pattern)} uses lookaround or a backreference, which Go's RE2 (kube-apiserver) rejects`);
  }
  return pattern;
}

function copyKubernetesExtension(out: JsonSchemaProps, key: string, value: unknown, path: string): void {
  switch (key) {
    case 'x-kubernetes-preserve-unknown-fields':
    case 'x-kubernetes-int-or-string':
    case 'x-kubernetes-embedded-resource':
      if (value !== true && value !== false) throw new CrdSchemaError(path, `${key} must be a boolean`);
      if (value) out[key] = true;
      else if (key === 'x-kubernetes-preserve-unknown-fields') throw new CrdSchemaError(path, `${key} must be true or absent`);
      return;
    case 'x-kubernetes-list-type':
      if (value !== 'atomic' && value !== 'set' && value !== 'map') throw new CrdSchemaError(path, `${key} must be atomic, set or map`);
      out[key] = value;
      return;
    case 'x-kubernetes-map-type':
      if (value !== 'atomic' && value !== 'granular') throw new CrdSchemaError(path, `${key} must be atomic or granular`);
      out[key] = value;
      return;
    case 'x-kubernetes-list-map-keys':
      if (!Array.isArray(value) || value.length === 0 || value.some((k) => typeof k !== 'string')) throw new CrdSchemaError(path, `${key} must be a non-empty array of property names`);
      if (new Set(value).size !== value.length) throw new CrdSchemaError(path, `${key} must not repeat a key`);
      out[key] = [...(value as string[])];
      return;
    case 'x-kubernetes-validations':
      out[key] = checkValidationRules(value, path);
      return;
    default:
      throw new CrdSchemaError(path, `unknown extension "${key}"`);
  }
}

function checkValidationRules(value: unknown, path: string): ValidationRule[] {
  if (!Array.isArray(value)) throw new CrdSchemaError(path, 'x-kubernetes-validations must be an array of rules');
  return value.map((rule, index) => {
    const where = `x-kubernetes-validations[${index}]`;
    if (!isRecord(rule)) throw new CrdSchemaError(path, `${where} must be an object`);
    const unknown = Object.keys(rule).filter((key) => !VALIDATION_RULE_KEYS.has(key));
    if (unknown.length > 0) throw new CrdSchemaError(path, `${where} has unknown keys: ${unknown.join(', ')}`);
    if (typeof rule.rule !== 'string' || rule.rule.trim() === '') throw new CrdSchemaError(path, `${where}.rule must be a non-empty CEL expression`);
    if (rule.message !== undefined) {
      if (typeof rule.message !== 'string' || rule.message === '') throw new CrdSchemaError(path, `${where}.message must be a non-empty string`);
      if (/[\r\n]/.test(rule.message)) throw new CrdSchemaError(path, `${where}.message must not contain line breaks`);
    } else if (/[\r\n]/.test(rule.rule)) {
      throw new CrdSchemaError(path, `${where} needs a message because its rule spans several lines`);
    }
    if (rule.messageExpression !== undefined && (typeof rule.messageExpression !== 'string' || rule.messageExpression.trim() === '')) {
      throw new CrdSchemaError(path, `${where}.messageExpression must be a non-empty CEL expression`);
    }
    if (rule.reason !== undefined && !VALIDATION_RULE_REASONS.has(rule.reason as string)) {
      throw new CrdSchemaError(path, `${where}.reason must be one of ${[...VALIDATION_RULE_REASONS].join(', ')}`);
    }
    if (rule.fieldPath !== undefined && (typeof rule.fieldPath !== 'string' || rule.fieldPath === '' || /[\r\n]/.test(rule.fieldPath))) {
      throw new CrdSchemaError(path, `${where}.fieldPath must be a non-empty single-line path`);
    }
    if (rule.optionalOldSelf !== undefined && typeof rule.optionalOldSelf !== 'boolean') {
      throw new CrdSchemaError(path, `${where}.optionalOldSelf must be a boolean`);
    }
    return { ...rule } as unknown as ValidationRule;
  });
}

function convertObjectMembers(node: Json, out: JsonSchemaProps, path: string, context: ConversionContext): void {
  const { properties, additionalProperties, patternProperties } = node;
  if (properties !== undefined) {
    if (!isRecord(properties)) throw new CrdSchemaError(path, 'properties must be an object');
    const converted: Record<string, JsonSchemaProps> = {};
    for (const [name, schema] of Object.entries(properties)) converted[name] = convertSchema(schema, propertyPath(path, name), context);
    if (Object.keys(converted).length > 0) out.properties = converted;
  }
  let valueSchema: unknown;
  if (patternProperties !== undefined) {
    if (!isRecord(patternProperties)) throw new CrdSchemaError(path, 'patternProperties must be an object');
    const patterns = Object.keys(patternProperties);
    const [pattern] = patterns;
    if (patterns.length !== 1 || pattern === undefined || !UNIVERSAL_KEY_PATTERNS.has(pattern)) {
      throw new CrdSchemaError(path, `map keys restricted by pattern (${patterns.join(', ')}) cannot be expressed; use Type.Record(Type.String(), …) and an x-kubernetes-validations rule such as self.all(k, k.matches('…'))`);
    }
    valueSchema = patternProperties[pattern];
  }
  if (isRecord(additionalProperties)) {
    if (valueSchema !== undefined) throw new CrdSchemaError(path, 'patternProperties and additionalProperties cannot both describe the map values');
    valueSchema = additionalProperties;
  } else if (additionalProperties === true) {
    // Kubernetes prunes unknown fields unless told otherwise; JSON Schema's `true` means "keep them".
    out['x-kubernetes-preserve-unknown-fields'] = true;
  } else if (additionalProperties !== undefined && additionalProperties !== false) {
    throw new CrdSchemaError(path, 'additionalProperties must be a schema or a boolean');
  }
  // `additionalProperties: false` is dropped: kube-apiserver forbids it next to properties and prunes unknown fields anyway.
  if (valueSchema !== undefined) {
    if (out.properties) throw new CrdSchemaError(path, 'an object cannot have both fixed properties and map values (properties and additionalProperties are mutually exclusive in Kubernetes)');
    out.additionalProperties = convertSchema(valueSchema, mapValuesPath(path), context);
  }
  for (const name of out.required ?? []) {
    if (!out.properties?.[name] && !out['x-kubernetes-preserve-unknown-fields'] && !out.additionalProperties) {
      throw new CrdSchemaError(path, `required field "${name}" is not declared in properties`);
    }
  }
}

function convertArrayItems(node: Json, out: JsonSchemaProps, path: string, context: ConversionContext): void {
  if (node.prefixItems !== undefined || node.additionalItems !== undefined || Array.isArray(node.items)) {
    throw new CrdSchemaError(path, 'tuples cannot be expressed: Kubernetes list items must all have one schema');
  }
  if (node.items === undefined) throw new CrdSchemaError(path, 'an array must declare its items');
  out.items = convertSchema(node.items, itemsPath(path), context);
  if (node.uniqueItems === true) {
    // uniqueItems is forbidden (quadratic); a set list gives the same guarantee for scalar items.
    if (!isScalarSchema(out.items)) throw new CrdSchemaError(path, 'uniqueItems is forbidden in CRDs and can only become x-kubernetes-list-type: set for scalar items');
    if (out['x-kubernetes-list-type'] && out['x-kubernetes-list-type'] !== 'set') {
      throw new CrdSchemaError(path, `uniqueItems contradicts x-kubernetes-list-type: ${out['x-kubernetes-list-type']}`);
    }
    out['x-kubernetes-list-type'] = 'set';
  } else if (node.uniqueItems !== undefined && node.uniqueItems !== false) {
    throw new CrdSchemaError(path, 'uniqueItems must be a boolean');
  }
}

function isScalarSchema(schema: JsonSchemaProps): boolean {
  return (schema.type !== undefined && SCALAR_TYPES.has(schema.type)) || schema['x-kubernetes-int-or-string'] === true;
}

function checkKubernetesExtensions(out: JsonSchemaProps, path: string): void {
  const listType = out['x-kubernetes-list-type'];
  if (listType && out.type !== 'array') throw new CrdSchemaError(path, 'x-kubernetes-list-type needs type array');
  if (out['x-kubernetes-list-map-keys'] && listType !== 'map') throw new CrdSchemaError(path, 'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map');
  if (out['x-kubernetes-map-type'] && out.type !== 'object') throw new CrdSchemaError(path, 'x-kubernetes-map-type needs type object');
  if (out['x-kubernetes-int-or-string'] && out.type !== undefined) {
    throw new CrdSchemaError(path, 'x-kubernetes-int-or-string must not declare a type (it is integer or string)');
  }
  if (out['x-kubernetes-int-or-string'] && out['x-kubernetes-preserve-unknown-fields']) {
    throw new CrdSchemaError(path, 'x-kubernetes-int-or-string and x-kubernetes-preserve-unknown-fields exclude each other');
  }
  if (out['x-kubernetes-embedded-resource']) {
    if (out.type !== 'object') throw new CrdSchemaError(path, 'x-kubernetes-embedded-resource needs type object');
    if (!out.properties && !out['x-kubernetes-preserve-unknown-fields']) {
      throw new CrdSchemaError(path, 'x-kubernetes-embedded-resource needs properties or x-kubernetes-preserve-unknown-fields');
    }
    if (out.additionalProperties) throw new CrdSchemaError(path, 'x-kubernetes-embedded-resource cannot describe a map');
  }
  if ((listType === 'set' || listType === 'map') && out.items?.nullable) {
    throw new CrdSchemaError(itemsPath(path), `items of an x-kubernetes-list-type: ${listType} list cannot be nullable`);
  }
  if (listType === 'set' && out.items && !isScalarSchema(out.items) && out.items['x-kubernetes-map-type'] !== 'atomic' && out.items['x-kubernetes-list-type'] !== 'atomic') {
    throw new CrdSchemaError(path, 'items of an x-kubernetes-list-type: set list must be scalars or atomic');
  }
  if (listType === 'map') {
    const keys = out['x-kubernetes-list-map-keys'];
    if (!keys) throw new CrdSchemaError(path, 'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys');
    if (out.items?.type !== 'object') throw new CrdSchemaError(path, 'x-kubernetes-list-type: map needs object items');
    for (const key of keys) {
      const keySchema = out.items.properties?.[key];
      const keyPath = propertyPath(itemsPath(path), key);
      if (!keySchema) throw new CrdSchemaError(path, `list map key "${key}" is not a property of the items`);
      if (!isScalarSchema(keySchema)) throw new CrdSchemaError(keyPath, 'a list map key must be a scalar');
      if (!out.items.required?.includes(key) && !('default' in keySchema)) {
        throw new CrdSchemaError(keyPath, 'a list map key must be required or have a default');
      }
      if (keySchema.nullable) throw new CrdSchemaError(keyPath, 'a list map key cannot be nullable');
    }
  }
}

/** kube-apiserver rejects a CRD whose defaults fail their own schema or carry fields that pruning would drop. */
function checkDefault(source: Json, out: JsonSchemaProps, path: string, context: ConversionContext): void {
  if (!('default' in out)) return;
  const unknown = unknownFields(out, out.default, path);
  if (unknown.length > 0) throw new CrdSchemaError(path, `default sets ${unknown.join(', ')}, which the schema does not declare (the API server would prune it)`);
  let errors: { instancePath: string; message: string }[];
  try {
    errors = context.definitions.size > 0
      ? Value.Errors(Object.fromEntries(context.definitions) as Record<string, TSchema>, source as TSchema, out.default)
      : Value.Errors(source as TSchema, out.default);
  } catch {
    return; // a $ref TypeBox cannot resolve here; convertSchema reports it on its own
  }
  const [first] = errors;
  if (first) throw new CrdSchemaError(path, `default ${JSON.stringify(out.default)} does not satisfy the field's schema (${first.instancePath || 'value'} ${first.message})`);
}

function unknownFields(schema: JsonSchemaProps, value: unknown, path: string): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) return schema.items ? value.flatMap((item, index) => unknownFields(schema.items!, item, `${path}[${index}]`)) : [];
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const memberSchema = schema.properties?.[key] ?? schema.additionalProperties;
    return memberSchema ? unknownFields(memberSchema, member, propertyPath(path, key)) : [propertyPath(path, key)];
  });
}

const API_VERSION_DESCRIPTION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESCRIPTION =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Builds the CustomResourceDefinition of a resource from its TypeBox schemas. Throws {@link CrdSchemaError} naming the field that Kubernetes would reject. */
export function toCrd(definition: CustomResourceDefinitionInput): CustomResourceDefinition {
  const { group, names, scope } = definition;
  const crdName = `${names.plural}.${group}`;
  checkNames(definition);
  const singleVersion = definition.versions.length === 1;
  const versions = definition.versions.map((version) => {
    try {
      return toCrdVersion(definition, version, singleVersion);
    } catch (error) {
      if (error instanceof CrdSchemaError) error.message = `${crdName} ${version.name}: ${error.message}`;
      throw error;
    }
  });
  if (versions.filter((version) => version.storage).length !== 1) {
    throw new Error(`${crdName}: exactly one version must be the storage version`);
  }
  const metadata: CustomResourceDefinition['metadata'] = { name: crdName };
  if (definition.labels) metadata.labels = { ...definition.labels };
  if (definition.annotations) metadata.annotations = { ...definition.annotations };
  const crdNames: CustomResourceDefinition['spec']['names'] = {
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
  };
  if (names.shortNames?.length) crdNames.shortNames = [...names.shortNames];
  if (names.categories?.length) crdNames.categories = [...names.categories];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: { group, names: crdNames, scope, versions },
  };
}

function checkNames(definition: CustomResourceDefinitionInput): void {
  const { group, names } = definition;
  const problems: string[] = [];
  if (!DNS_SUBDOMAIN.test(group) || !group.includes('.')) problems.push(`group "${group}" must be a DNS subdomain with at least one dot`);
  if (!DNS_LABEL.test(names.plural)) problems.push(`plural "${names.plural}" must be a lowercase DNS label`);
  if (names.singular !== undefined && !DNS_LABEL.test(names.singular)) problems.push(`singular "${names.singular}" must be a lowercase DNS label`);
  if (!DNS_1035_LABEL.test(names.kind.toLowerCase())) problems.push(`kind "${names.kind}" must be a CamelCase identifier`);
  if (names.listKind !== undefined && names.listKind === names.kind) problems.push('listKind must differ from kind');
  for (const name of [...(names.shortNames ?? []), ...(names.categories ?? [])]) {
    if (!DNS_LABEL.test(name)) problems.push(`short name or category "${name}" must be a lowercase DNS label`);
  }
  const versionNames = definition.versions.map((version) => version.name);
  if (versionNames.length === 0) problems.push('at least one version is needed');
  if (new Set(versionNames).size !== versionNames.length) problems.push('version names must be unique');
  for (const name of versionNames) if (!DNS_1035_LABEL.test(name)) problems.push(`version "${name}" must be a DNS-1035 label such as v1alpha1`);
  if (problems.length > 0) throw new Error(`${names.plural}.${group}: ${problems.join('; ')}`);
}

function toCrdVersion(definition: CustomResourceDefinitionInput, version: CustomResourceVersionDefinition, singleVersion: boolean): CustomResourceDefinitionVersion {
  const kind = definition.names.kind;
  const root = rootSchema(definition, version);
  const result: CustomResourceDefinitionVersion = {
    name: version.name,
    served: version.served ?? true,
    storage: version.storage ?? singleVersion,
    schema: { openAPIV3Schema: root },
  };
  if (version.deprecated) result.deprecated = true;
  if (version.deprecationWarning !== undefined) {
    if (!version.deprecated) throw new CrdSchemaError('', 'deprecationWarning needs deprecated: true');
    result.deprecationWarning = version.deprecationWarning;
  }

  const statusSubresource = version.subresources?.status ?? version.status !== undefined;
  if (statusSubresource && version.status === undefined) {
    throw new CrdSchemaError('status', `the status subresource needs a status schema, or every status write to ${kind} would be pruned to nothing`);
  }
  const scale = version.subresources?.scale;
  if (scale) checkScale(root, scale);
  if (statusSubresource || scale) {
    result.subresources = {};
    if (statusSubresource) result.subresources.status = {};
    if (scale) result.subresources.scale = { ...scale };
  }

  if (version.printerColumns?.length) {
    result.additionalPrinterColumns = version.printerColumns.map((column) => {
      if (!findField(root, column.jsonPath)) {
        throw new CrdSchemaError(column.jsonPath, `printer column "${column.name}" points at a field the schema does not declare`);
      }
      return { ...column };
    });
  }
  if (version.selectableFields?.length) {
    result.selectableFields = version.selectableFields.map((jsonPath) => {
      const field = findField(root, jsonPath);
      if (!field || field === 'opaque' || !['string', 'boolean', 'integer'].includes(field.type ?? '')) {
        throw new CrdSchemaError(jsonPath, 'a selectable field must be a declared string, boolean or integer field outside metadata');
      }
      return { jsonPath };
    });
  }
  return result;
}

function rootSchema(definition: CustomResourceDefinitionInput, version: CustomResourceVersionDefinition): JsonSchemaProps {
  const kind = definition.names.kind;
  const spec = toStructuralSchema(version.spec, 'spec');
  if (spec.type !== 'object') throw new CrdSchemaError('spec', 'spec must be an object');
  spec.description ??= `Desired state of the ${kind}.`;
  const properties: Record<string, JsonSchemaProps> = {
    apiVersion: { type: 'string', description: API_VERSION_DESCRIPTION },
    kind: { type: 'string', description: KIND_DESCRIPTION },
    metadata: { type: 'object' },
    spec,
  };
  if (version.status !== undefined) {
    const status = toStructuralSchema(version.status, 'status');
    if (status.type !== 'object') throw new CrdSchemaError('status', 'status must be an object');
    status.description ??= `Observed state of the ${kind}, written by its operator.`;
    properties.status = status;
  }
  const root: JsonSchemaProps = { type: 'object', properties, required: ['spec'] };
  if (definition.description !== undefined) root.description = definition.description;
  if (version.validations?.length) root['x-kubernetes-validations'] = checkValidationRules(version.validations, '');
  return root;
}

function checkScale(root: JsonSchemaProps, scale: ScaleSubresource): void {
  const replicaPaths: [string, string][] = [
    [scale.specReplicasPath, '.spec.'],
    [scale.statusReplicasPath, '.status.'],
  ];
  for (const [jsonPath, prefix] of replicaPaths) {
    if (!jsonPath.startsWith(prefix)) throw new CrdSchemaError(jsonPath, `scale replicas path must be under ${prefix.slice(0, -1)}`);
    const field = findField(root, jsonPath);
    if (!field || field === 'opaque' || field.type !== 'integer') throw new CrdSchemaError(jsonPath, 'scale replicas path must point at a declared integer field');
  }
  const selector = scale.labelSelectorPath;
  if (selector !== undefined) {
    if (!selector.startsWith('.spec.') && !selector.startsWith('.status.')) throw new CrdSchemaError(selector, 'labelSelectorPath must be under .spec or .status');
    const field = findField(root, selector);
    if (!field || (field !== 'opaque' && field.type !== 'string')) throw new CrdSchemaError(selector, 'labelSelectorPath must point at a declared string field (the serialized selector)');
  }
}

/** Looks up a kubectl JSONPath such as `.status.conditions[?(@.type=="Ready")].status`; metadata is opaque. */
function findField(root: JsonSchemaProps, jsonPath: string): JsonSchemaProps | 'opaque' | undefined {
  const segments = jsonPathSegments(jsonPath);
  if (!segments) return undefined;
  let node: JsonSchemaProps | undefined = root;
  for (const [index, segment] of segments.entries()) {
    if (index === 0 && segment === 'metadata') return 'opaque';
    if (!node) return undefined;
    if (node['x-kubernetes-preserve-unknown-fields'] && !node.properties) return 'opaque';
    if (segment === '[]') node = node.type === 'array' ? node.items : undefined;
    else node = node.properties?.[segment] ?? node.additionalProperties;
  }
  return node;
}

function jsonPathSegments(jsonPath: string): string[] | undefined {
  const segments: string[] = [];
  let rest = jsonPath.trim();
  while (rest.length > 0) {
    const name = /^\.([A-Za-z0-9_-]+)/.exec(rest) ?? /^\[['"]([^'"]+)['"]\]/.exec(rest);
    if (name?.[1]) {
      segments.push(name[1]);
      rest = rest.slice(name[0].length);
      continue;
    }
    if (!rest.startsWith('[')) return undefined;
    const close = matchingBracket(rest);
    if (close < 0) return undefined;
    segments.push('[]');
    rest = rest.slice(close + 1);
  }
  return segments.length > 0 ? segments : undefined;
}

function matchingBracket(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[') {
      depth++;
    } else if (char === ']' && --depth === 0) {
      return i;
    }
  }
  return -1;
}
