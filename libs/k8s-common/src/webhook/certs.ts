import { createPrivateKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import { errorMessage, silentLogger, type WebhookLogger } from './logger.ts';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type SigningAlgorithm = webcrypto.EcdsaParams | webcrypto.RsaHashedImportParams;

type X509Module = typeof import('@peculiar/x509');

let x509Module: Promise<X509Module> | undefined;

// Loaded lazily so the Reflect metadata shim is guaranteed to run before tsyringe checks for it,
// whatever order a formatter later puts the imports in.
function loadX509(): Promise<X509Module> {
  x509Module ??= import('./reflect-metadata.ts').then(() => import('@peculiar/x509'));
  return x509Module;
}

const crypto = webcrypto;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CA_VALIDITY_MS = 10 * 365 * DAY_MS;
export const DEFAULT_LEAF_VALIDITY_MS = 365 * DAY_MS;
/** Certificates start this far in the past so an API server whose clock lags ours still accepts a fresh one. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60 * 1000;

/**
 * Calendar time, which certificate validity is about (the queue's Clock is monotonic and says
 * nothing about dates).
 */
export type WallClock = () => Date;
const systemWallClock: WallClock = () => new Date();

/** What a TLS server needs, and the CA bundle clients (the API server) must trust. */
export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /** Absent when a mounted Secret carries no `ca.crt` (e.g. a publicly trusted issuer). */
  caPem?: string;
  notAfter: Date;
}

export type RotationListener = (material: TlsMaterial) => void | Promise<void>;

/** A provider of serving certificates that can change while the server runs. */
export interface CertificateSource {
  current(): TlsMaterial;
  /** Returns a function that removes the listener. */
  onRotate(listener: RotationListener): () => void;
}

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  notBefore: Date;
  notAfter: Date;
}

export interface ServingCertificate extends TlsMaterial {
  /** The CA bundle: the signing CA, followed by the previous CA while it is still valid after a CA rotation. */
  caPem: string;
  notBefore: Date;
}

export interface CertificateAuthorityOptions {
  commonName?: string;
  validityMs?: number;
  now?: WallClock;
}

export interface ServingCertificateOptions {
  serviceName: string;
  namespace: string;
  clusterDomain?: string;
  extraDnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  validityMs?: number;
  now?: WallClock;
}

/** The names the API server may use to reach a Service: what clientConfig.service resolves to. */
export function serviceDnsNames(serviceName: string, namespace: string, clusterDomain = 'cluster.local'): string[] {
  return [serviceName, `${serviceName}.${namespace}`, `${serviceName}.${namespace}.svc`, `${serviceName}.${namespace}.svc.${clusterDomain}`];
}

export async function generateCertificateAuthority(options: CertificateAuthorityOptions = {}): Promise<CertificateAuthority> {
  const x509 = await loadX509();
  const { notBefore, notAfter } = validityWindow((options.now ?? systemWallClock)(), options.validityMs ?? DEFAULT_CA_VALIDITY_MS);
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialNumber(),
      name: [{ CN: [options.commonName ?? 'webhook-ca'] }],
      notBefore,
      notAfter,
      signingAlgorithm: ECDSA_P256,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: pemWithNewline(certificate.toString('pem')), keyPem: privateKeyPem(keys.privateKey), notBefore, notAfter };
}

/**
 * A serving certificate for the webhook Service, signed by `ca`. It never outlives the CA: a leaf
 * the API server cannot chain is worse than a shorter one.
 */
export async function issueServingCertificate(ca: CertificateAuthority, options: ServingCertificateOptions): Promise<ServingCertificate> {
  const x509 = await loadX509();
  const window = validityWindow((options.now ?? systemWallClock)(), options.validityMs ?? DEFAULT_LEAF_VALIDITY_MS);
  const notAfter = window.notAfter > ca.notAfter ? ca.notAfter : window.notAfter;
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const caKey = signingKeyFromPem(ca.keyPem);
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const dnsNames = unique([...serviceDnsNames(options.serviceName, options.namespace, options.clusterDomain), ...(options.extraDnsNames ?? [])]);
  for (const ip of options.ipAddresses ?? []) {
    if (!isIP(ip)) throw new Error(`"${ip}" is not an IP address`);
  }
  const caKeyId = caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: [{ CN: [`${options.serviceName}.${options.namespace}.svc`] }],
      issuer: caCertificate.subjectName,
      notBefore: window.notBefore,
      notAfter,
      signingAlgorithm: caKey.algorithm,
      publicKey: keys.publicKey,
      signingKey: caKey.key,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
          ...unique(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        caKeyId ? new x509.AuthorityKeyIdentifierExtension(caKeyId) : await x509.AuthorityKeyIdentifierExtension.create(caCertificate.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    caPem: ca.certPem,
    certPem: pemWithNewline(certificate.toString('pem')),
    keyPem: privateKeyPem(keys.privateKey),
    notBefore: window.notBefore,
    notAfter,
  };
}

/** A fresh CA and a serving certificate signed by it. */
export async function generateServingCertificate(
  options: ServingCertificateOptions & { caValidityMs?: number; caCommonName?: string },
): Promise<ServingCertificate & { ca: CertificateAuthority }> {
  const ca = await generateCertificateAuthority({ commonName: options.caCommonName, validityMs: options.caValidityMs, now: options.now });
  return { ...(await issueServingCertificate(ca, options)), ca };
}

function validityWindow(now: Date, validityMs: number): { notBefore: Date; notAfter: Date } {
  if (!(validityMs > 0)) throw new Error(`certificate validity must be positive, got ${validityMs}ms`);
  // X.509 times have whole-second precision; truncating here keeps the reported dates equal to the encoded ones.
  const start = Math.floor(now.getTime() / 1000) * 1000;
  return { notBefore: new Date(start - CLOCK_SKEW_ALLOWANCE_MS), notAfter: new Date(start + validityMs) };
}

function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  // Serial numbers are positive DER integers without a leading zero byte (RFC 5280 4.1.2.2).
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString('hex');
}

function privateKeyPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

function pemWithNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : pem + '\n';
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Signs with a CA key loaded from PEM, so a CA kept in a Secret can be reused across restarts. */
function signingKeyFromPem(keyPem: string): { key: CryptoKey; algorithm: SigningAlgorithm } {
  const keyObject = createPrivateKey(keyPem);
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const params =
      curve === 'prime256v1'
        ? ECDSA_P256
        : curve === 'secp384r1'
          ? ({ name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const)
          : undefined;
    if (!params) throw new Error(`unsupported CA key curve ${curve ?? 'unknown'}`);
    return { key: keyObject.toCryptoKey({ name: 'ECDSA', namedCurve: params.namedCurve }, false, ['sign']) as CryptoKey, algorithm: params };
  }
  if (keyObject.asymmetricKeyType === 'rsa') {
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
    return { key: keyObject.toCryptoKey(params, false, ['sign']) as CryptoKey, algorithm: params };
  }
  throw new Error(`unsupported CA key type ${keyObject.asymmetricKeyType ?? 'unknown'}`);
}

export interface CertificateManagerOptions extends Omit<ServingCertificateOptions, 'validityMs' | 'now'> {
  /** Reuse a CA (e.g. one persisted in a Secret) instead of generating one. */
  ca?: CertificateAuthority;
  caCommonName?: string;
  caValidityMs?: number;
  leafValidityMs?: number;
  /** Renew once less than this fraction of a certificate's lifetime remains; default 1/3. */
  renewBeforeFraction?: number;
  checkIntervalMs?: number;
  now?: WallClock;
  logger?: WebhookLogger;
}

/**
 * Generated serving certificates that renew themselves: the leaf when it is within
 * `renewBeforeFraction` of expiry, the CA too when the CA is, or when it would cut a new leaf short.
 *
 * A CA rotation changes the bundle the API server must trust before it sees the new leaf, so
 * `onCaBundleChange` listeners (CA injection) run and must succeed before the rotation is committed
 * and `onRotate` listeners (the server) switch; a failure leaves the current, still-valid
 * certificate in place and the next check tries again. The new bundle keeps the previous CA while
 * it is valid, so injecting it early breaks nothing.
 */
export class CertificateManager implements CertificateSource {
  readonly #leafOptions: ServingCertificateOptions;
  readonly #caOptions: CertificateAuthorityOptions;
  readonly #leafValidityMs: number;
  readonly #renewBeforeFraction: number;
  readonly #checkIntervalMs: number;
  readonly #now: WallClock;
  readonly #logger: WebhookLogger;
  readonly #rotateListeners = new Set<RotationListener>();
  readonly #caBundleListeners = new Set<(caPem: string) => void | Promise<void>>();
  #ca: CertificateAuthority;
  #previousCa: CertificateAuthority | undefined;
  #certificate: ServingCertificate;
  #timer: ReturnType<typeof setInterval> | undefined;
  #check: Promise<boolean> | undefined;

  private constructor(options: CertificateManagerOptions, ca: CertificateAuthority, certificate: ServingCertificate) {
    this.#now = options.now ?? systemWallClock;
    this.#leafValidityMs = options.leafValidityMs ?? DEFAULT_LEAF_VALIDITY_MS;
    this.#leafOptions = {
      serviceName: options.serviceName,
      namespace: options.namespace,
      clusterDomain: options.clusterDomain,
      extraDnsNames: options.extraDnsNames,
      ipAddresses: options.ipAddresses,
      validityMs: this.#leafValidityMs,
      now: this.#now,
    };
    this.#caOptions = { commonName: options.caCommonName, validityMs: options.caValidityMs ?? DEFAULT_CA_VALIDITY_MS, now: this.#now };
    this.#renewBeforeFraction = options.renewBeforeFraction ?? 1 / 3;
    this.#checkIntervalMs = options.checkIntervalMs ?? 10 * 60 * 1000;
    this.#logger = options.logger ?? silentLogger;
    this.#ca = ca;
    this.#certificate = certificate;
  }

  static async create(options: CertificateManagerOptions): Promise<CertificateManager> {
    const fraction = options.renewBeforeFraction ?? 1 / 3;
    if (!(fraction > 0 && fraction < 1)) throw new Error(`renewBeforeFraction must be between 0 and 1, got ${fraction}`);
    const ca =
      options.ca ??
      (await generateCertificateAuthority({ commonName: options.caCommonName, validityMs: options.caValidityMs, now: options.now }));
    const certificate = await issueServingCertificate(ca, { ...options, validityMs: options.leafValidityMs });
    return new CertificateManager(options, ca, certificate);
  }

  current(): ServingCertificate {
    return this.#certificate;
  }

  /** The signing CA, with its key: persist it to share one CA between replicas or restarts. */
  get certificateAuthority(): CertificateAuthority {
    return this.#ca;
  }

  onRotate(listener: RotationListener): () => void {
    this.#rotateListeners.add(listener);
    return () => this.#rotateListeners.delete(listener);
  }

  /** Called with the new CA bundle before a rotation that changes it takes effect; a throw postpones the rotation. */
  onCaBundleChange(listener: (caPem: string) => void | Promise<void>): () => void {
    this.#caBundleListeners.add(listener);
    return () => this.#caBundleListeners.delete(listener);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.rotateIfDue().catch((error: unknown) => this.#logger.error('certificate rotation failed', { error: errorMessage(error) }));
    }, this.#checkIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Renews what is due; resolves true when a new certificate took effect. Concurrent calls share one check. */
  rotateIfDue(): Promise<boolean> {
    this.#check ??= this.#rotateIfDue().finally(() => {
      this.#check = undefined;
    });
    return this.#check;
  }

  async #rotateIfDue(): Promise<boolean> {
    const now = this.#now();
    if (!this.#isDue(this.#certificate, now)) return false;
    const renewCa = this.#isDue(this.#ca, now) || this.#ca.notAfter.getTime() - now.getTime() < this.#leafValidityMs;
    const ca = renewCa ? await generateCertificateAuthority(this.#caOptions) : this.#ca;
    const previousCa = renewCa ? this.#ca : this.#previousCa;
    const issued = await issueServingCertificate(ca, this.#leafOptions);
    const next: ServingCertificate = { ...issued, caPem: previousCa && previousCa.notAfter > now ? ca.certPem + previousCa.certPem : ca.certPem };
    if (next.caPem !== this.#certificate.caPem) {
      for (const listener of this.#caBundleListeners) {
        try {
          await listener(next.caPem);
        } catch (error) {
          this.#logger.error('CA bundle update failed; keeping the current certificate and retrying at the next check', { error: errorMessage(error) });
          return false;
        }
      }
    }
    this.#ca = ca;
    this.#previousCa = previousCa;
    this.#certificate = next;
    this.#logger.info('serving certificate rotated', { notAfter: next.notAfter.toISOString(), caRotated: renewCa });
    for (const listener of this.#rotateListeners) {
      try {
        await listener(next);
      } catch (error) {
        this.#logger.error('certificate rotation listener failed', { error: errorMessage(error) });
      }
    }
    return true;
  }

  #isDue(certificate: { notBefore: Date; notAfter: Date }, now: Date): boolean {
    const lifetime = certificate.notAfter.getTime() - certificate.notBefore.getTime();
    return certificate.notAfter.getTime() - now.getTime() < lifetime * this.#renewBeforeFraction;
  }
}
