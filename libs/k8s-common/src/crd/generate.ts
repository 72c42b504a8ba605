import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dump } from 'js-yaml';
import { propertyPath } from './to-crd.ts';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JsonSchemaProps } from './to-crd.ts';

/** First line of every generated CRD file; also how stale generated files are recognised. */
export const GENERATED_CRD_HEADER = '# Generated from the TypeBox schema by @operators/k8s-common toCrd(); do not edit.';
const GENERATED_DOCS_HEADER = '<!-- Generated from the TypeBox schemas by @operators/k8s-common renderApiReference(); do not edit. -->';

export interface RenderCrdOptions {
  /** Where the schema lives, named in the header so readers know what to edit instead. */
  source?: string;
}

/** The CRD as YAML with keys sorted at every depth, so the file only changes when the schema does. */
export function renderCrdYaml(crd: CustomResourceDefinition, options: RenderCrdOptions = {}): string {
  const header = [GENERATED_CRD_HEADER, ...(options.source ? [`# Source: ${options.source}`] : [])];
  return `${header.join('\n')}\n${dump(sortKeysDeep(crd), { lineWidth: -1, noRefs: true })}`;
}

/** `<group>_<plural>.yaml`, as controller-gen names CRD files. */
export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeysDeep(member);
  }
  return sorted;
}

/** Markdown API reference: one section per kind and version, one table row per field path. */
export function renderApiReference(crds: readonly CustomResourceDefinition[]): string {
  const lines = [GENERATED_DOCS_HEADER, '', '# API reference', ''];
  for (const crd of [...crds].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const { group, names, scope } = crd.spec;
    lines.push(`## ${names.kind}`, '');
    const facts = [`Group \`${group}\``, scope, `plural \`${names.plural}\``, `singular \`${names.singular}\``];
    if (names.shortNames?.length) facts.push(`short names ${names.shortNames.map(code).join(', ')}`);
    if (names.categories?.length) facts.push(`categories ${names.categories.map(code).join(', ')}`);
    lines.push(`${facts.join(' · ')}`, '');
    for (const version of crd.spec.versions) lines.push(...renderVersion(crd, version));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderVersion(crd: CustomResourceDefinition, version: CustomResourceDefinitionVersion): string[] {
  const root = version.schema.openAPIV3Schema;
  const lines = [`### ${crd.spec.group}/${version.name}`, ''];
  const state = [version.served ? 'served' : 'not served', ...(version.storage ? ['storage version'] : []), ...(version.deprecated ? ['**deprecated**'] : [])];
  lines.push(`\`apiVersion: ${crd.spec.group}/${version.name}\`, \`kind: ${crd.spec.names.kind}\` (${state.join(', ')})`, '');
  if (version.deprecationWarning) lines.push(`> ${version.deprecationWarning}`, '');
  if (root.description) lines.push(root.description, '');
  const subresources = [];
  if (version.subresources?.status) subresources.push('status');
  const scale = version.subresources?.scale;
  if (scale) subresources.push(`scale (${code(scale.specReplicasPath)} → ${code(scale.statusReplicasPath)})`);
  if (subresources.length > 0) lines.push(`Subresources: ${subresources.join(', ')}.`, '');
  if (version.additionalPrinterColumns?.length) {
    lines.push(`Columns of \`kubectl get\`: ${version.additionalPrinterColumns.map((column) => `${column.name} (${code(column.jsonPath)})`).join(', ')}.`, '');
  }
  for (const rule of root['x-kubernetes-validations'] ?? []) lines.push(`- Rule ${code(rule.rule)}${rule.message ? `: ${rule.message}` : ''}`);
  if (root['x-kubernetes-validations']?.length) lines.push('');
  for (const section of ['spec', 'status'] as const) {
    const schema = root.properties?.[section];
    if (!schema) continue;
    lines.push(`#### ${section}`, '');
    if (schema.description) lines.push(escapeText(schema.description), '');
    const sectionConstraints = constraints(schema);
    if (sectionConstraints.length > 0) lines.push(`Constraints: ${sectionConstraints.join('; ')}`, '');
    const rows = fieldRows(schema, section);
    if (rows.length === 0) {
      lines.push('No fields.', '');
      continue;
    }
    lines.push('| Field | Type | Required | Default | Constraints | Description |', '| --- | --- | --- | --- | --- | --- |');
    for (const row of rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
    lines.push('');
  }
  return lines;
}

/** Rows for every field below `schema`; list items appear as `[]`, map values as `.*`. */
function fieldRows(schema: JsonSchemaProps, path: string): string[][] {
  const rows: string[][] = [];
  const visit = (node: JsonSchemaProps, nodePath: string, required: boolean): void => {
    rows.push([
      code(nodePath),
      typeName(node),
      required ? 'yes' : '',
      'default' in node ? code(JSON.stringify(node.default)) : '',
      constraints(node).join('<br>'),
      node.description ?? '',
    ]);
    descend(node, nodePath);
  };
  const descend = (node: JsonSchemaProps, nodePath: string): void => {
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, propertyPath(nodePath, name), node.required?.includes(name) ?? false);
    if (node.additionalProperties && hasFields(node.additionalProperties)) descend(node.additionalProperties, `${nodePath}.*`);
    if (node.items && hasFields(node.items)) descend(node.items, `${nodePath}[]`);
  };
  descend(schema, path);
  return rows;
}

function hasFields(node: JsonSchemaProps): boolean {
  return node.properties !== undefined || (node.items !== undefined && hasFields(node.items)) || (node.additionalProperties !== undefined && hasFields(node.additionalProperties));
}

function typeName(node: JsonSchemaProps): string {
  if (node['x-kubernetes-int-or-string']) return 'int-or-string';
  if (node.type === 'array') return `[]${node.items ? typeName(node.items) : 'any'}`;
  if (node.type === 'object') return node.additionalProperties ? `map[string]${typeName(node.additionalProperties)}` : 'object';
  if (!node.type) return 'any';
  return node.format ? `${node.type} (${node.format})` : node.type;
}

function constraints(node: JsonSchemaProps): string[] {
  const result: string[] = [];
  if (node.nullable) result.push('nullable');
  const enumValues = node.enum ?? node.allOf?.find((member) => member.enum)?.enum;
  if (enumValues) result.push(`one of ${enumValues.map((value) => code(JSON.stringify(value))).join(', ')}`);
  if (node.minimum !== undefined) result.push(`${node.exclusiveMinimum ? '>' : '>='} ${node.minimum}`);
  if (node.maximum !== undefined) result.push(`${node.exclusiveMaximum ? '<' : '<='} ${node.maximum}`);
  if (node.multipleOf !== undefined) result.push(`multiple of ${node.multipleOf}`);
  if (node.minLength !== undefined) result.push(`min length ${node.minLength}`);
  if (node.maxLength !== undefined) result.push(`max length ${node.maxLength}`);
  if (node.pattern !== undefined) result.push(`pattern ${code(node.pattern)}`);
  if (node.minItems !== undefined) result.push(`min items ${node.minItems}`);
  if (node.maxItems !== undefined) result.push(`max items ${node.maxItems}`);
  if (node.minProperties !== undefined) result.push(`min entries ${node.minProperties}`);
  if (node.maxProperties !== undefined) result.push(`max entries ${node.maxProperties}`);
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives && !node['x-kubernetes-int-or-string']) result.push(`${node.anyOf ? 'any' : 'one'} of ${alternatives.map((member) => code(JSON.stringify(member))).join(', ')}`);
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'map') result.push(`list map keyed by ${(node['x-kubernetes-list-map-keys'] ?? []).map(code).join(', ')}`);
  else if (listType === 'set') result.push('set (no duplicates)');
  else if (listType === 'atomic') result.push('atomic list');
  if (node['x-kubernetes-map-type'] === 'atomic') result.push('atomic map');
  if (node['x-kubernetes-embedded-resource']) result.push('embedded resource');
  if (node['x-kubernetes-preserve-unknown-fields']) result.push('free-form (unknown fields kept)');
  for (const rule of node['x-kubernetes-validations'] ?? []) result.push(`rule ${code(rule.rule)}${rule.message ? `: ${rule.message}` : ''}`);
  return result;
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const padding = fence.length > 1 ? ' ' : '';
  return `${fence}${padding}${text}${padding}${fence}`;
}

function escapeText(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');
}

export interface SyncCrdArtifactsOptions {
  crds: readonly CustomResourceDefinition[];
  /** Directory of the CRD YAML files, e.g. a chart's `crds/`. */
  crdDir: string;
  /** Markdown file for {@link renderApiReference}; omitted means no docs. */
  docsFile?: string;
  /** Write nothing; only report which files are missing or stale. */
  check?: boolean;
  source?: string;
}

/**
 * Brings the generated CRD files (and the API reference) in line with the schemas. Returns the
 * files that were missing or stale, including generated CRD files no schema produces any more;
 * without `check` they have been rewritten or removed. A test with `check: true` therefore fails
 * whenever someone changed a schema without regenerating.
 */
export async function syncCrdArtifacts(options: SyncCrdArtifactsOptions): Promise<string[]> {
  const expected = new Map<string, string>();
  for (const crd of options.crds) {
    const file = join(options.crdDir, crdFileName(crd));
    if (expected.has(file)) throw new Error(`two CRDs would both be written to ${file}`);
    expected.set(file, renderCrdYaml(crd, { source: options.source }));
  }
  if (options.docsFile !== undefined) expected.set(options.docsFile, renderApiReference(options.crds));

  const orphaned = (await generatedCrdFiles(options.crdDir)).filter((file) => !expected.has(file));
  const outdated = await syncGeneratedFiles(expected, { check: options.check ?? false });
  if (!options.check) for (const file of orphaned) await rm(file);
  return [...outdated, ...orphaned];
}

/**
 * Writes each file whose content differs from `files` (path → content), or with `check` only
 * lists them: the pattern of every generated file with a staleness test (RBAC rules, CRDs, docs).
 */
export async function syncGeneratedFiles(files: ReadonlyMap<string, string> | Readonly<Record<string, string>>, options: { check: boolean }): Promise<string[]> {
  const outdated: string[] = [];
  for (const [file, content] of files instanceof Map ? files : Object.entries(files)) {
    if ((await readIfExists(file)) === content) continue;
    outdated.push(file);
    if (options.check) continue;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return outdated;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function generatedCrdFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const generated: string[] = [];
  for (const name of names.filter((candidate) => candidate.endsWith('.yaml')).sort()) {
    const file = join(dir, name);
    if ((await readIfExists(file))?.startsWith(`${GENERATED_CRD_HEADER}\n`)) generated.push(file);
  }
  return generated;
}
