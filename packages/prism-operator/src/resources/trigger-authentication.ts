// KEDA TriggerAuthentications made from PrismBackends: each names the backend's Secret keys as the
// parameters its scaler reads, so KEDA reads the credentials from the Secrets directly and no
// credential is copied anywhere.
import type { DefaultedPrismBackend, DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { BACKEND_LABEL } from '../api/v1alpha1/group.ts';
import { credentialRefs, tlsRefs, type SecretKeyRef } from './backend-secrets.ts';
import type { PatternBackend } from './backend-connection.ts';
import { triggerBackendName, type BackendsByName } from './keda-triggers.ts';
import { KEDA_API_VERSION, type SecretTargetRef, type TriggerAuthentication } from './keda-types.ts';
import { childMetadata, nameOf, PATTERN_COMPONENT } from './metadata.ts';
import { triggerAuthenticationName } from './pattern-names.ts';

/**
 * The authentication parameters of the backend's scaler, as KEDA names them. RabbitMQ's CA and
 * client certificate are left out: KEDA reads them only with a literal `tls: enable` parameter,
 * which a TriggerAuthentication can only take from a Secret; amqps with a public CA works as is.
 */
export function triggerAuthenticationParameters(backend: DefaultedPrismBackend): SecretTargetRef[] {
  const { spec } = backend;
  const credentials = credentialRefs(spec);
  const { ca, clientCert } = tlsRefs(spec);
  const param = (parameter: string, ref: SecretKeyRef | undefined): SecretTargetRef[] => (ref ? [{ parameter, name: ref.secret, key: ref.key }] : []);
  const tlsFiles = [
    ...param('ca', ca),
    ...(clientCert ? [...param('cert', { secret: clientCert.secret, key: clientCert.cert }), ...param('key', { secret: clientCert.secret, key: clientCert.key })] : []),
  ];
  switch (spec.type) {
    case 'kafka':
    case 'redis':
      return [...param('username', credentials.username), ...param('password', credentials.password), ...tlsFiles];
    case 'rabbitmq':
      return [...param('username', credentials.username), ...param('password', credentials.password)];
    case 'postgresql':
      return [...param('userName', credentials.username), ...param('password', credentials.password)];
    case 'sqs':
      return [...param('awsAccessKeyID', credentials.accessKeyID), ...param('awsSecretAccessKey', credentials.secretAccessKey)];
    case 'nats':
      // KEDA's nats-jetstream scaler reads the monitoring endpoint, which takes no credentials.
      return [];
  }
}

/** The name of the TriggerAuthentication made from `backend` for this pattern, or undefined when the backend has nothing to authenticate with. */
export function patternTriggerAuthenticationName(pattern: DefaultedPrismPattern, backend: DefaultedPrismBackend): string | undefined {
  return triggerAuthenticationParameters(backend).length > 0 ? triggerAuthenticationName(pattern, nameOf(backend)) : undefined;
}

/** One TriggerAuthentication per PrismBackend the pattern's triggers use that has credentials or TLS files; backends the reconciler did not find are skipped. */
export function desiredTriggerAuthentications(pattern: DefaultedPrismPattern, patternBackend: PatternBackend, backends: BackendsByName): TriggerAuthentication[] {
  const used = new Set((pattern.spec.autoscaling.triggers ?? []).map((trigger) => triggerBackendName(trigger, patternBackend)));
  return [...used]
    .flatMap((name) => {
      const backend = name === undefined ? undefined : backends.get(name);
      return backend ? [backend] : [];
    })
    .flatMap((backend) => {
      const name = patternTriggerAuthenticationName(pattern, backend);
      if (!name) return [];
      return [
        {
          apiVersion: KEDA_API_VERSION,
          kind: 'TriggerAuthentication' as const,
          metadata: childMetadata(pattern, name, PATTERN_COMPONENT, { [BACKEND_LABEL]: nameOf(backend) }),
          spec: { secretTargetRef: triggerAuthenticationParameters(backend) },
        },
      ];
    });
}
