// Every name a new operator derives from the generator's three inputs, in one place, so the
// package, chart, e2e suite and docs agree and each fits Kubernetes' and npm's rules.

export interface OperatorOptions {
  /** The operator's short name, lowercase with dashes: `tickstorm` makes `tickstorm-operator`. */
  name: string;
  /** The API group of its custom resources: `tickstorm.io`. */
  group: string;
  /** The kind of its (first) custom resource, PascalCase: `TickStorm`. */
  kind: string;
  /** The API version; default `v1alpha1` (`--api-version`: Nx keeps `--version` for itself). */
  apiVersion?: string;
  /** How docs and dashboards name the product; default: `name` in PascalCase. */
  displayName?: string;
}

export interface OperatorNames {
  name: string;
  operatorName: string;
  group: string;
  version: string;
  kind: string;
  kindLower: string;
  kindCamel: string;
  /** The resource's plural (`tickstorms`), as in its CRD and RBAC rules. */
  plural: string;
  /** The ResourceType constant's name: `TickStorms`. */
  kindPlural: string;
  metricsPrefix: string;
  displayName: string;
}

const NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const VERSION = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/** English plural of a lowercase kind, as kubebuilder makes it (`policy` → `policies`, `class` → `classes`). */
export function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function operatorNames(options: OperatorOptions): OperatorNames {
  const name = options.name.replace(/-operator$/, '');
  const version = options.apiVersion ?? 'v1alpha1';
  const problems = [
    NAME.test(name) && name.length <= 40 ? '' : `name "${options.name}" must be lowercase letters, digits and dashes (at most 40), starting with a letter`,
    KIND.test(options.kind) && options.kind.length <= 63 ? '' : `kind "${options.kind}" must be PascalCase letters and digits`,
    GROUP.test(options.group) && options.group.length <= 253 ? '' : `group "${options.group}" must be a DNS subdomain with at least one dot, e.g. ${name}.io`,
    VERSION.test(version) ? '' : `version "${version}" must be a Kubernetes API version such as v1, v1beta1 or v1alpha1`,
  ].filter(Boolean);
  if (problems.length) throw new Error(problems.join('; '));
  const kindLower = options.kind.toLowerCase();
  const pascal = name.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
  return {
    name,
    operatorName: `${name}-operator`,
    group: options.group,
    version,
    kind: options.kind,
    kindLower,
    kindCamel: options.kind[0]!.toLowerCase() + options.kind.slice(1),
    plural: pluralOf(kindLower),
    kindPlural: pluralOf(options.kind),
    metricsPrefix: `${name.replace(/-/g, '_')}_operator`,
    displayName: options.displayName ?? pascal,
  };
}
