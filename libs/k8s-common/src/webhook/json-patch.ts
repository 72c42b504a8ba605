/** One RFC 6902 operation; the subset admission webhooks and CA injection produce and need. */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'test'; path: string; value: unknown };

/** Escapes one reference token of a JSON Pointer (RFC 6901): `~` first, or `/` → `~1` would become `~01`. */
export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

export function jsonPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((token) => '/' + escapePointerToken(String(token))).join('');
}

/**
 * The JSON Patch that turns `before` into `after`. Both are compared as they would travel as JSON
 * (undefined members dropped, dates as strings), because the API server applies the patch to the
 * JSON it sent. Arrays are diffed position by position, then grown or shrunk at the tail: correct
 * for any change, smallest for the common edits (append a sidecar, change a field in place).
 */
export function createJsonPatch(before: unknown, after: unknown): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  diffValue(toJsonValue(before), toJsonValue(after), [], operations);
  return operations;
}

function toJsonValue(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

function diffValue(before: unknown, after: unknown, path: Array<string | number>, out: JsonPatchOperation[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    diffObject(before, after, path, out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    diffArray(before, after, path, out);
  } else if (!jsonEqual(before, after)) {
    out.push({ op: 'replace', path: jsonPointer(path), value: after });
  }
}

function diffObject(before: Record<string, unknown>, after: Record<string, unknown>, path: Array<string | number>, out: JsonPatchOperation[]): void {
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) out.push({ op: 'remove', path: jsonPointer([...path, key]) });
  }
  for (const [key, value] of Object.entries(after)) {
    if (Object.hasOwn(before, key)) diffValue(before[key], value, [...path, key], out);
    else out.push({ op: 'add', path: jsonPointer([...path, key]), value });
  }
}

function diffArray(before: unknown[], after: unknown[], path: Array<string | number>, out: JsonPatchOperation[]): void {
  const common = Math.min(before.length, after.length);
  for (let index = 0; index < common; index++) diffValue(before[index], after[index], [...path, index], out);
  for (let index = common; index < after.length; index++) out.push({ op: 'add', path: jsonPointer([...path, index]), value: after[index] });
  // From the end backwards, so each removal leaves the indexes of the ones still to come intact.
  for (let index = before.length - 1; index >= common; index--) out.push({ op: 'remove', path: jsonPointer([...path, index]) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
}

/**
 * Applies a patch to a copy of `document` and returns the copy, as the API server would; throws
 * JsonPatchError when a path does not resolve or a `test` fails (the whole patch is then void).
 */
export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  let root: unknown = structuredClone(document);
  for (const operation of operations) root = applyOperation(root, operation);
  return root as T;
}

function applyOperation(root: unknown, operation: JsonPatchOperation): unknown {
  if (operation.path === '') {
    switch (operation.op) {
      case 'add':
      case 'replace':
        return structuredClone(operation.value);
      case 'test':
        if (!jsonEqual(root, operation.value)) throw new JsonPatchError('test failed at the document root');
        return root;
      case 'remove':
        throw new JsonPatchError('cannot remove the document root');
    }
  }
  if (!operation.path.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${operation.path}"`);
  const tokens = operation.path.slice(1).split('/').map(unescapePointerToken);
  const last = tokens.pop()!;
  let parent: unknown = root;
  for (const token of tokens) {
    parent = childOf(parent, token, operation.path);
  }
  if (Array.isArray(parent)) {
    const index = last === '-' && operation.op === 'add' ? parent.length : arrayIndex(last, operation.path);
    const limit = operation.op === 'add' ? parent.length : parent.length - 1;
    if (index > limit) throw new JsonPatchError(`index ${index} out of range at "${operation.path}"`);
    switch (operation.op) {
      case 'add':
        parent.splice(index, 0, structuredClone(operation.value));
        break;
      case 'replace':
        parent[index] = structuredClone(operation.value);
        break;
      case 'remove':
        parent.splice(index, 1);
        break;
      case 'test':
        if (!jsonEqual(parent[index], operation.value)) throw new JsonPatchError(`test failed at "${operation.path}"`);
        break;
    }
    return root;
  }
  if (!isPlainObject(parent)) throw new JsonPatchError(`"${operation.path}" does not resolve to a container`);
  const exists = Object.hasOwn(parent, last);
  if (operation.op !== 'add' && !exists) throw new JsonPatchError(`"${operation.path}" does not exist`);
  switch (operation.op) {
    case 'add':
    case 'replace':
      parent[last] = structuredClone(operation.value);
      break;
    case 'remove':
      delete parent[last];
      break;
    case 'test':
      if (!jsonEqual(parent[last], operation.value)) throw new JsonPatchError(`test failed at "${operation.path}"`);
      break;
  }
  return root;
}

function childOf(parent: unknown, token: string, path: string): unknown {
  if (Array.isArray(parent)) {
    const index = arrayIndex(token, path);
    if (index >= parent.length) throw new JsonPatchError(`index ${index} out of range at "${path}"`);
    return parent[index];
  }
  if (isPlainObject(parent) && Object.hasOwn(parent, token)) return parent[token];
  throw new JsonPatchError(`"${path}" does not exist`);
}

function arrayIndex(token: string, path: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`"${token}" is not an array index in "${path}"`);
  return Number(token);
}
