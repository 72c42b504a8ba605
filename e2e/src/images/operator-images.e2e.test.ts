// Each operator's container image, run as its chart's pod runs it: the image built from the
// operator's Dockerfile (`nx image`), started with podman (read-only root, uid 65532, host network)
// with the chart's command, arguments and environment, the chart's ServiceAccount token, CA and
// namespace at /var/run/secrets/kubernetes.io/serviceaccount, and KUBERNETES_SERVICE_HOST/PORT
// naming the local API server, so the operator takes its in-cluster configuration. It must
// reconcile an example to Ready, serve /healthz and /metrics, and exit 0 on SIGTERM within the pod's
// grace period, releasing its leader Lease: a missing dependency in the bundle, a broken entry
// point, a chart command that is not the image's, or a wrong in-cluster configuration fails here.
//
// Every operator package with an `image` target runs here (found in packages/, so a new operator
// needs no line), with the first of its examples unless a line below names another.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { V1ConfigMap, V1Deployment, V1DeploymentSpec, V1EnvVar, V1PodSpec, V1PolicyRule, V1Secret } from '@kubernetes/client-node';
import { loadAll as loadAllYaml } from 'js-yaml';
import type { KubeClient } from '@operators/k8s-common';
import { ResourceTypes } from '@operators/k8s-common';
import { createTestNamespace, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { installChart, repoRoot } from '../support/operator-process.ts';

interface ImageCase {
  operator: string;
  /** A file of packages/<op>/examples. */
  example: string;
  /** A change to the example's spec before it is applied, when the example as written needs hardware kwok lacks. */
  specPatch?: Record<string, unknown>;
}

/** The operators whose case is not the default (the first file of examples/, unchanged). */
const OPERATORS: ImageCase[] = [
  { operator: 'streambus-operator', example: 'minimal-cluster.yaml' },
  { operator: 'prism-operator', example: 'prismpattern_hpa_example.yaml' },
  // Its pods request ephemeral storage, which the cluster's nodes report as kubelets do (cluster.sh).
  { operator: 'tickstorm-operator', example: 'dev.yaml' },
  // Every example asks for RDMA, DPDK and XDP (on by default), so its pods schedule only on nodes
  // labelled for them; labelling nodes here would race e2e/src/cyclone/nodes.e2e.test.ts, which
  // changes every node's labels, so this copy of the example turns the hardware flags off.
  { operator: 'cyclone-operator', example: 'simple-app.yaml', specPatch: { networking: { enableRDMA: false, enableDPDK: false, enableXDP: false } } },
  // The chart's env reads the operator's ConfigMap through configMapKeyRef (resolved below as the kubelet does).
  { operator: 'tapio-operator', example: 'minimal-development.yaml' },
];

/** The container engine, through the project's wrapper (podman: runc, lowered ulimits). */
function engine(...args: string[]): string {
  return execFileSync('bash', [join(repoRoot, 'scripts', 'images', 'engine.sh'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A port nothing listens on now (the container shares the host's network). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface ReadyCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Each package of packages/ whose project.json has an `image` target, with its line above or its first example. */
function imageCases(): ImageCase[] {
  const packages = join(repoRoot, 'packages');
  const withImage = readdirSync(packages)
    .filter((dir) => {
      const project = join(packages, dir, 'project.json');
      return existsSync(project) && 'image' in ((JSON.parse(readFileSync(project, 'utf8')) as { targets?: object }).targets ?? {});
    })
    .sort();
  for (const { operator } of OPERATORS) if (!withImage.includes(operator)) throw new Error(`${operator} has a line here but no packages/${operator} with an image target`);
  return withImage.map((operator) => {
    const line = OPERATORS.find((c) => c.operator === operator);
    if (line) return line;
    const example = readdirSync(join(packages, operator, 'examples')).filter((f) => /\.ya?ml$/.test(f)).sort()[0];
    if (!example) throw new Error(`packages/${operator} has an image target but no examples/*.yaml to reconcile`);
    return { operator, example };
  });
}

// An operator's own e2e target (`nx e2e <op>-e2e`) runs only its case: E2E_IMAGE_OPERATORS=<op>[,<op>].
const selected = process.env.E2E_IMAGE_OPERATORS?.split(',').filter(Boolean);
const ALL = imageCases();
for (const operator of selected ?? []) if (!ALL.some((c) => c.operator === operator)) throw new Error(`E2E_IMAGE_OPERATORS names ${operator}, which has no image target in packages/`);
const CASES = selected ? ALL.filter((c) => selected.includes(c.operator)) : ALL;

/** A plain-object merge: patch's leaves win. */
function mergeDeep(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? mergeDeep(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/**
 * The container's environment as the kubelet makes it from the pod spec: plain values, the pod's
 * own fields (fieldRef), and keys of ConfigMaps and Secrets in the pod's namespace
 * (configMapKeyRef, secretKeyRef). A missing optional key leaves the variable unset; a missing
 * required one fails, as the kubelet's CreateContainerConfigError does.
 */
async function containerEnv(client: KubeClient, env: V1EnvVar[], pod: { name: string; namespace: string; serviceAccountName: string; annotations: Record<string, string> }): Promise<string[]> {
  const fields: Record<string, string> = {
    ...Object.fromEntries(Object.entries(pod.annotations).map(([key, value]) => [`metadata.annotations['${key}']`, value])),
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'spec.serviceAccountName': pod.serviceAccountName,
    // Host network: the pod's and the node's address are the host's.
    'spec.nodeName': pod.name,
    'status.podIP': '127.0.0.1',
    'status.hostIP': '127.0.0.1',
  };
  const out: string[] = [];
  for (const e of env) {
    let value: string | undefined = e.value;
    const from = e.valueFrom;
    if (from?.fieldRef) {
      value = fields[from.fieldRef.fieldPath];
      if (value === undefined) throw new Error(`env ${e.name}: fieldRef ${from.fieldRef.fieldPath} is not supported here`);
    } else if (from?.configMapKeyRef || from?.secretKeyRef) {
      const ref = (from.configMapKeyRef ?? from.secretKeyRef)!;
      const type = from.configMapKeyRef ? ResourceTypes.ConfigMap : ResourceTypes.Secret;
      const object = await client.tryGet<V1ConfigMap & V1Secret>(type, ref.name!, pod.namespace);
      const raw = from.configMapKeyRef ? object?.data?.[ref.key] : object?.data?.[ref.key] !== undefined ? Buffer.from(object.data[ref.key]!, 'base64').toString('utf8') : undefined;
      if (raw === undefined && !ref.optional) throw new Error(`env ${e.name}: ${type.kind} ${ref.name} has no key ${ref.key} (the kubelet would not start the container)`);
      value = raw;
      if (value === undefined) continue;
    } else if (from) {
      throw new Error(`env ${e.name}: ${Object.keys(from).join(', ')} is not supported here`);
    }
    out.push(`${e.name}=${value ?? ''}`);
  }
  return out;
}

/** What the container is run from: the pod an installer declares, its ServiceAccount, its name. */
interface Installed {
  name: string;
  pod: V1PodSpec;
  serviceAccount: string;
  /** The pod's annotations that its environment reads. */
  annotations: Record<string, string>;
}

interface Ports {
  metrics: number;
  health: number;
}

/** The chart installed with leader election on (as with more than one replica), watching one namespace. */
function installFromChart(operator: string, namespace: string, watched: string, ports: Ports): Installed {
  const install = installChart(operator, namespace, [
    'leaderElection.enabled=true',
    'rbac.scope=namespace',
    `watchNamespaces={${watched}}`,
    `metrics.port=${ports.metrics}`,
    `healthProbe.port=${ports.health}`,
  ]);
  const manifests = loadAllYaml(execFileSync('helm', ['get', 'manifest', install.release, '-n', namespace], { encoding: 'utf8' })) as V1Deployment[];
  const deployment = manifests.find((m) => m?.kind === 'Deployment')!;
  return { name: install.release, pod: deployment.spec!.template.spec!, serviceAccount: install.serviceAccount, annotations: {} };
}

interface ClusterServiceVersion {
  spec: {
    install: {
      spec: {
        clusterPermissions: { serviceAccountName: string; rules: V1PolicyRule[] }[];
        permissions: { serviceAccountName: string; rules: V1PolicyRule[] }[];
        deployments: { name: string; spec: V1DeploymentSpec }[];
      };
    };
  };
}

/**
 * The operator's OLM bundle (`nx bundle`) installed as OLM installs it for an OperatorGroup that
 * targets `watched`: its CRDs, the ServiceAccount, a ClusterRole per clusterPermissions entry and a
 * Role per permissions entry in the operator's namespace, and the CSV's Deployment, whose pod OLM
 * annotates with olm.targetNamespaces. The ports are free ones (the container shares the host's
 * network); everything else is the bundle's.
 */
function installFromBundle(operator: string, namespace: string, watched: string, ports: Ports, cleanups: (() => Promise<void>)[]): Installed {
  execFileSync('node', [join(repoRoot, 'scripts', 'release', 'olm-bundle.mjs'), operator], { cwd: repoRoot, stdio: 'pipe' });
  const dir = join(repoRoot, 'dist', 'bundles', operator, 'manifests');
  const csvFile = `${operator}.clusterserviceversion.yaml`;
  for (const file of readdirSync(dir).filter((f) => f !== csvFile)) kubectl('apply', '--server-side', '--force-conflicts', '-f', join(dir, file));
  const { clusterPermissions, permissions, deployments } = (loadAllYaml(readFileSync(join(dir, csvFile), 'utf8'))[0] as ClusterServiceVersion).spec.install.spec;
  const deployment = deployments[0]!;
  const serviceAccount = deployment.spec.template.spec!.serviceAccountName!;
  const label = { 'e2e.operators.dev/namespace': namespace };
  const subjects = [{ kind: 'ServiceAccount', name: serviceAccount, namespace }];
  const rbac = 'rbac.authorization.k8s.io/v1';
  const items = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: serviceAccount, namespace } },
    ...permissions.flatMap(({ rules }, i) => [
      { apiVersion: rbac, kind: 'Role', metadata: { name: `${serviceAccount}-${i}`, namespace }, rules },
      { apiVersion: rbac, kind: 'RoleBinding', metadata: { name: `${serviceAccount}-${i}`, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${serviceAccount}-${i}` }, subjects },
    ]),
    ...clusterPermissions.flatMap(({ rules }, i) => [
      { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: `${namespace}-${serviceAccount}-${i}`, labels: label }, rules },
      { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: `${namespace}-${serviceAccount}-${i}`, labels: label }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${namespace}-${serviceAccount}-${i}` }, subjects },
    ]),
  ];
  execFileSync('kubectl', ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), stdio: ['pipe', 'pipe', 'pipe'] });
  cleanups.push(async () => void kubectl('delete', 'clusterrolebinding,clusterrole', '-l', `e2e.operators.dev/namespace=${namespace}`, '--ignore-not-found'));
  const pod = deployment.spec.template.spec!;
  const container = pod.containers.find((c) => c.name === 'operator')!;
  container.args = (container.args ?? []).map((arg) =>
    arg.startsWith('--metrics-bind-address=') ? `--metrics-bind-address=:${ports.metrics}` : arg.startsWith('--health-probe-bind-address=') ? `--health-probe-bind-address=:${ports.health}` : arg,
  );
  return { name: deployment.name, pod, serviceAccount, annotations: { 'olm.targetNamespaces': watched } };
}

const images = new Map<string, string>();
/**
 * The operator's image, built once per content (`nx image`, which CI and the operator's e2e target
 * run first, leaves it up to date: then this only re-reads its labels), once per file. A failed
 * build's log is in the thrown error.
 */
function imageOf(operator: string): string {
  if (!images.has(operator)) {
    const built = execFileSync('bash', [join(repoRoot, 'scripts', 'images', 'build-image.sh'), join('packages', operator)], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    images.set(operator, built.trim());
  }
  return images.get(operator)!;
}

// Each image twice: as its chart installs it and as its OLM bundle does.
const RUNS = CASES.flatMap((c) => (['chart', 'bundle'] as const).map((installer) => ({ ...c, installer })));

describe.each(RUNS)('the $operator image, installed by its $installer', ({ operator, example, specPatch, installer }) => {
  let exampleFile = join(repoRoot, 'packages', operator, 'examples', example);
  const container = `${operator}-e2e-${randomBytes(3).toString('hex')}`;
  let client: KubeClient;
  let watched: string;
  let operatorNamespace: string;
  let podName: string;
  let leaseName: string;
  let graceSeconds: number;
  let healthPort: number;
  let metricsPort: number;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let secretsDir: string;
  const cleanups: (() => Promise<void>)[] = [];
  /** Rethrows a failed wait with the end of the container's log, which says why. */
  const withLog = (err: unknown): never => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\ncontainer log:\n${output.slice(-3000)}`);
  };

  beforeAll(async () => {
    const image = imageOf(operator);
    client = await testClient();
    const operatorNs = await createTestNamespace(client, `${operator.replace(/-operator$/, '')}-img-system`);
    const watchedNs = await createTestNamespace(client, `${operator.replace(/-operator$/, '')}-img`);
    cleanups.push(watchedNs.cleanup, operatorNs.cleanup);
    watched = watchedNs.name;
    healthPort = await freePort();
    metricsPort = await freePort();
    operatorNamespace = operatorNs.name;
    const ports = { metrics: metricsPort, health: healthPort };
    const install = installer === 'chart' ? installFromChart(operator, operatorNs.name, watched, ports) : installFromBundle(operator, operatorNs.name, watched, ports, cleanups);

    // The pod the installer declares: its container's command, arguments and environment.
    const pod = install.pod;
    const spec = pod.containers.find((c) => c.name === 'operator')!;
    graceSeconds = pod.terminationGracePeriodSeconds ?? 30;
    expect(spec.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    podName = `${install.name}-${randomBytes(4).toString('hex')}`;
    leaseName = (spec.args ?? []).find((a) => a.startsWith('--leader-election-id='))!.split('=')[1]!;
    const env = await containerEnv(client, spec.env ?? [], { name: podName, namespace: operatorNs.name, serviceAccountName: install.serviceAccount, annotations: install.annotations });

    // What the kubelet mounts for the ServiceAccount: a token, the cluster's CA and the namespace.
    secretsDir = mkdtempSync(join(tmpdir(), `${operator}-sa-`));
    chmodSync(secretsDir, 0o755);
    if (specPatch) {
      const [object] = loadAllYaml(readFileSync(exampleFile, 'utf8')) as { spec?: Record<string, unknown> }[];
      object!.spec = mergeDeep(object!.spec ?? {}, specPatch);
      exampleFile = join(tmpdir(), `${container}-${example}`);
      writeFileSync(exampleFile, JSON.stringify(object));
      cleanups.push(async () => rmSync(exampleFile, { force: true }));
    }
    const token = kubectl('create', 'token', install.serviceAccount, '-n', operatorNs.name, '--duration=1h').trim();
    const cluster = testKubeConfig().getCurrentCluster()!;
    const ca = cluster.caData ? Buffer.from(cluster.caData, 'base64').toString('utf8') : readFileSync(cluster.caFile!, 'utf8');
    writeFileSync(join(secretsDir, 'token'), token, { mode: 0o644 });
    writeFileSync(join(secretsDir, 'ca.crt'), ca, { mode: 0o644 });
    writeFileSync(join(secretsDir, 'namespace'), operatorNs.name, { mode: 0o644 });
    // The API server's serving certificate names 127.0.0.1 (the kwok cluster's does), and the
    // in-cluster configuration connects to https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT.
    const server = new URL(cluster.server);

    const args = [
      'run', '--rm', '--name', container,
      '--read-only', '--read-only-tmpfs=false', '--tmpfs', '/tmp:rw,size=64m',
      '--user', `${pod.securityContext?.runAsUser ?? 65532}:${pod.securityContext?.runAsGroup ?? 65532}`,
      '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '--network', 'host', '--hostname', podName,
      '-v', `${secretsDir}:/var/run/secrets/kubernetes.io/serviceaccount:ro`,
      '-e', `KUBERNETES_SERVICE_HOST=${server.hostname}`, '-e', `KUBERNETES_SERVICE_PORT=${server.port}`,
      ...env.flatMap((e) => ['-e', e]),
      '--entrypoint', JSON.stringify(spec.command),
      image, ...(spec.args ?? []),
    ];
    child = spawn('bash', [join(repoRoot, 'scripts', 'images', 'engine.sh'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A container that exits before it is healthy fails at once, with its log.
    let healthy = false;
    const died = exited.then((code) => {
      if (!healthy) throw new Error(`the container exited ${code} before /healthz answered: ${output.slice(-3000)}`);
    });
    died.catch(() => undefined);
    await Promise.race([
      died,
      waitFor(async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz`).catch(() => undefined))?.ok, {
        timeoutMs: 60_000,
        description: `${operator}'s /healthz in its container`,
      }).catch(withLog),
    ]);
    healthy = true;
  }, 900_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      try {
        engine('rm', '-f', container);
      } catch {
        // already gone
      }
    }
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
    for (const cleanup of cleanups) await cleanup();
    await client?.close();
  });

  it('reconciles its example to Ready with the in-cluster configuration', async () => {
    // It watches the one namespace the installer named (the chart's --namespaces, OLM's target namespaces).
    expect(output).toContain(`"namespaces":["${watched}"]`);
    kubectl('apply', '--server-side', '--field-manager=e2e', '-n', watched, '-f', exampleFile);
    let conditions: ReadyCondition[] | undefined;
    await waitFor(
      () => {
        const object = JSON.parse(kubectl('get', '-n', watched, '-f', exampleFile, '-o', 'json')) as { metadata: { generation?: number }; status?: { observedGeneration?: number; conditions?: ReadyCondition[] } };
        conditions = object.status?.conditions;
        const ready = conditions?.find((c) => c.type === 'Ready');
        return ready?.status === 'True' && object.status?.observedGeneration === object.metadata.generation;
      },
      { timeoutMs: 120_000, intervalMs: 1000, description: `${example} Ready` },
    ).catch((err: unknown) => withLog(new Error(`${err instanceof Error ? err.message : String(err)}; its conditions: ${JSON.stringify(conditions)}`)));
  });

  it('serves /healthz, /readyz and /metrics on the ports the chart names', async () => {
    expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status).toBe(200);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    // The reconcile above went through the operator's own client.
    expect(await metrics.text()).toMatch(/^operator_api_writes_total\{/m);
  });

  it("exits 0 on SIGTERM within the pod's grace period, releasing its Lease", async () => {
    const holder = () => (JSON.parse(kubectl('get', 'lease', leaseName, '-n', operatorNamespace, '-o', 'json')) as { spec: { holderIdentity?: string } }).spec.holderIdentity ?? '';
    // The identity is the hostname (a pod's is its name) and a random suffix, as client-go's.
    expect(holder()).toMatch(new RegExp(`^${podName}_`));
    const started = Date.now();
    engine('kill', '--signal', 'TERM', container);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceSeconds * 1000)))]);
    clearTimeout(timer);
    expect({ code, seconds: Math.round((Date.now() - started) / 1000) <= graceSeconds, log: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, seconds: true, log: '' });
    expect(holder()).toBe('');
  });
});
