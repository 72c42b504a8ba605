// The part of cert-manager's cert-manager.io/v1 Certificate an operator writes, as it goes over the
// wire. Generic: a candidate for the kit's wire-types.ts, beside ServiceMonitor.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { Condition } from '@operators/k8s-common';

export interface Certificate {
  apiVersion: 'cert-manager.io/v1';
  kind: 'Certificate';
  metadata: V1ObjectMeta;
  spec: {
    secretName: string;
    issuerRef: { name: string; kind?: string; group?: string };
    dnsNames?: string[];
    commonName?: string;
    duration?: string;
    renewBefore?: string;
    usages?: string[];
    privateKey?: { algorithm?: 'RSA' | 'ECDSA' | 'Ed25519'; size?: number; rotationPolicy?: 'Never' | 'Always'; encoding?: 'PKCS1' | 'PKCS8' };
    secretTemplate?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  };
  /** Written by cert-manager: Ready says whether the Secret holds a current certificate, and why not. */
  status?: { conditions?: Condition[] };
}
