import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import type { Certificate } from '../support/cert-manager.ts';
import { certificateName, childMetadata, clientServiceName, tickStormLabels, tickStormNamespace } from './metadata.ts';

export type { Certificate };

/**
 * `<name>-tls`, a cert-manager Certificate for the client Service's in-cluster names and
 * tls.certificate.dnsNames, written to the Secret <name>-tls that the pods mount. Undefined unless
 * tls.certificate is set; whether cert-manager's CRDs are served is the reconciler's question.
 */
export function desiredCertificate(tickStorm: DefaultedTickStorm): Certificate | undefined {
  const certificate = tickStorm.spec.tls?.certificate;
  if (!certificate) return undefined;
  const service = clientServiceName(tickStorm);
  const namespace = tickStormNamespace(tickStorm);
  const inCluster = [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: childMetadata(tickStorm, certificateName(tickStorm)),
    spec: {
      secretName: certificateName(tickStorm),
      issuerRef: { ...certificate.issuerRef },
      dnsNames: [...new Set([...inCluster, ...(certificate.dnsNames ?? [])])],
      ...(certificate.duration ? { duration: certificate.duration } : {}),
      ...(certificate.renewBefore ? { renewBefore: certificate.renewBefore } : {}),
      usages: ['server auth', 'digital signature'],
      // A renewal gets a new key, so a leaked key stops working at the next renewal.
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      // The Secret cert-manager writes carries the TickStorm's labels, so `kubectl get secret -l` finds it.
      secretTemplate: { labels: tickStormLabels(tickStorm) },
    },
  };
}
