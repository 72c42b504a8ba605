// The operator's admission webhooks on the kit's WebhookServer: /mutate-tapiocluster (profile
// defaults), /validate-tapiocluster, /validate-tapiocollector and /validate-tapiointelligence.
//
// TLS, two ways. Self-managed (the default): the runtime's CertificateManager issues a serving
// certificate for the webhook Service from the CA all replicas share (shared-ca.ts), renews it, and
// injects the CA bundle into the chart's webhook configurations. Mounted (`--set webhookCertDir=<dir>`): tls.crt, tls.key
// and ca.crt from a Secret volume, e.g. cert-manager's, reloaded when they change.
import {
  CaInjectionError,
  CertificateManager,
  isForbidden,
  injectCaBundle,
  kubeCaBundlePatcher,
  MountedCertificates,
  WebhookServer,
  type CaBundleTarget,
  type KubeObject,
  type Manager,
  type ManagerConfig,
} from '@operators/k8s-common';
import type { TapioCluster } from '../api/v1alpha1/tapiocluster.ts';
import { durationToMs } from '../support/duration.ts';
import { sharedCertificateAuthority } from './shared-ca.ts';
import { admitTapioCluster, admitTapioCollector, admitTapioIntelligence, defaultTapioCluster } from './admission.ts';

export const WEBHOOK_PATHS = {
  mutateCluster: '/mutate-tapiocluster',
  validateCluster: '/validate-tapiocluster',
  validateCollector: '/validate-tapiocollector',
  validateIntelligence: '/validate-tapiointelligence',
} as const;

export interface WebhookSettings {
  enabled: boolean;
  host: string;
  port: number;
  /** Serve the certificates mounted here instead of self-managed ones. */
  certDir?: string;
  /** The webhook Service and its namespace: the names the self-managed certificate is issued for. */
  serviceName: string;
  namespace: string;
  /** The Mutating- and ValidatingWebhookConfiguration (one name for both) whose CA bundle the operator keeps. */
  configurationName: string;
  /** IP addresses the self-managed certificate is also valid for (a webhook reached by URL, e.g. 127.0.0.1). */
  certIpAddresses: string[];
  /**
   * The self-managed serving certificate's life, and how it is renewed in the running process (no
   * restart): when less than `renewBefore` of its life is left, checked every `checkIntervalMs`.
   * Unset: the runtime's defaults.
   */
  certRenewal: { validityMs?: number; renewBefore?: number; checkIntervalMs?: number };
}

/** The settings from `--set webhook…=` (or OPERATOR_WEBHOOK_… variables); `enabled` comes from the operator ConfigMap. */
export function webhookSettings(config: ManagerConfig, enabled: boolean, defaultPort: number): WebhookSettings {
  const extra = config.extra;
  const port = Number(extra['webhookPort'] ?? defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`webhookPort must be a port number, got "${extra['webhookPort']}"`);
  return {
    enabled: (extra['webhooksEnabled'] ?? String(enabled)) === 'true',
    host: extra['webhookHost'] ?? '0.0.0.0',
    port,
    ...(extra['webhookCertDir'] ? { certDir: extra['webhookCertDir'] } : {}),
    serviceName: extra['webhookService'] ?? 'tapio-operator-webhook',
    namespace: config.leaderElectionNamespace,
    configurationName: extra['webhookConfiguration'] ?? 'tapio-operator',
    certIpAddresses: (extra['webhookCertIpAddresses'] ?? '').split(',').map((ip) => ip.trim()).filter(Boolean),
    certRenewal: certRenewal(extra),
  };
}

function certRenewal(extra: Record<string, string>): WebhookSettings['certRenewal'] {
  const renewal: WebhookSettings['certRenewal'] = {};
  const duration = (key: string) => {
    const value = extra[key];
    if (value === undefined) return undefined;
    const ms = durationToMs(value);
    if (ms <= 0) throw new Error(`${key} must be a positive duration, got "${value}"`);
    return ms;
  };
  const validityMs = duration('webhookCertValidity');
  const checkIntervalMs = duration('webhookCertCheckInterval');
  if (validityMs !== undefined) renewal.validityMs = validityMs;
  if (checkIntervalMs !== undefined) renewal.checkIntervalMs = checkIntervalMs;
  const renewBefore = extra['webhookCertRenewBefore'];
  if (renewBefore !== undefined) {
    const fraction = Number(renewBefore);
    if (!(fraction > 0 && fraction < 1)) throw new Error(`webhookCertRenewBefore must be a fraction of the certificate's life between 0 and 1, got "${renewBefore}"`);
    renewal.renewBefore = fraction;
  }
  return renewal;
}

async function certificates(manager: Manager, settings: WebhookSettings): Promise<MountedCertificates | CertificateManager> {
  if (settings.certDir) {
    const mounted = await MountedCertificates.load({ directory: settings.certDir });
    mounted.start();
    return mounted;
  }
  const ca = await sharedCertificateAuthority(manager.client, settings.namespace, `${settings.serviceName}-ca`);
  const managed = await CertificateManager.create({
    serviceName: settings.serviceName,
    namespace: settings.namespace,
    ca,
    ...(settings.certIpAddresses.length ? { ipAddresses: settings.certIpAddresses } : {}),
    ...(settings.certRenewal.validityMs ? { leafValidityMs: settings.certRenewal.validityMs } : {}),
    ...(settings.certRenewal.renewBefore ? { renewBeforeFraction: settings.certRenewal.renewBefore } : {}),
    ...(settings.certRenewal.checkIntervalMs ? { checkIntervalMs: settings.certRenewal.checkIntervalMs } : {}),
    logger: manager.logger,
  });
  const targets: CaBundleTarget[] = [
    { kind: 'MutatingWebhookConfiguration', name: settings.configurationName },
    { kind: 'ValidatingWebhookConfiguration', name: settings.configurationName },
  ];
  const patcher = kubeCaBundlePatcher(manager.client);
  const inject = async (caPem: string) => {
    try {
      await injectCaBundle(patcher, targets, caPem);
    } catch (err) {
      // Namespace-scoped RBAC: the chart registers no webhook then, and whoever registers one takes
      // the CA from the Secret. Anything else is an error.
      if (!isForbidden(err) && !(err instanceof CaInjectionError && err.errors.every((cause: unknown) => isForbidden(cause)))) throw err;
      manager.logger.warn('may not inject the webhook CA bundle (namespace-scoped RBAC?): the configurations must carry the CA of the Secret', { secret: `${settings.serviceName}-ca` });
    }
  };
  managed.onCaBundleChange(inject);
  await inject(managed.current().caPem!);
  managed.start();
  return managed;
}

/** Starts the webhook server (when enabled); resolves with it and the port it listens on. */
export async function startWebhooks(manager: Manager, settings: WebhookSettings): Promise<{ server: WebhookServer; port: number } | undefined> {
  if (!settings.enabled) return undefined;
  const server = new WebhookServer({ port: settings.port, host: settings.host, certificates: await certificates(manager, settings), logger: manager.logger })
    .mutatingObject<TapioCluster>(WEBHOOK_PATHS.mutateCluster, (cluster, request) => (request.operation === 'DELETE' ? cluster : defaultTapioCluster(cluster)))
    .validating<KubeObject>(WEBHOOK_PATHS.validateCluster, (request) => (request.object ? admitTapioCluster(request.object) : { allowed: true }))
    .validating<KubeObject>(WEBHOOK_PATHS.validateCollector, (request) => (request.object ? admitTapioCollector(request.object) : { allowed: true }))
    .validating<KubeObject>(WEBHOOK_PATHS.validateIntelligence, (request) => (request.object ? admitTapioIntelligence(request.object) : { allowed: true }));
  const { port } = await server.start();
  manager.logger.info('webhook server listening', { port, tls: settings.certDir ? 'mounted' : 'self-managed' });
  return { server, port };
}
