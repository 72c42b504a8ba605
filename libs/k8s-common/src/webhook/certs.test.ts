import { createPrivateKey, X509Certificate } from 'node:crypto';
import {
  CertificateManager,
  CLOCK_SKEW_ALLOWANCE_MS,
  DAY_MS,
  DEFAULT_CA_VALIDITY_MS,
  DEFAULT_LEAF_VALIDITY_MS,
  generateCertificateAuthority,
  generateServingCertificate,
  issueServingCertificate,
  serviceDnsNames,
  type TlsMaterial,
} from './certs.ts';

const START = new Date('2030-01-01T00:00:00Z');
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

function certificatesIn(bundle: string): X509Certificate[] {
  return (bundle.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map((pem) => new X509Certificate(pem));
}

describe('serviceDnsNames', () => {
  it('lists every name a Service reference resolves to', () => {
    expect(serviceDnsNames('hooks', 'ops')).toEqual(['hooks', 'hooks.ops', 'hooks.ops.svc', 'hooks.ops.svc.cluster.local']);
    expect(serviceDnsNames('hooks', 'ops', 'corp.example')).toEqual(['hooks', 'hooks.ops', 'hooks.ops.svc', 'hooks.ops.svc.corp.example']);
  });
});

describe('generated certificates', () => {
  it('creates a self-signed P-256 CA valid for ten years by default', async () => {
    const ca = await generateCertificateAuthority({ commonName: 'test-ca', now: () => START });
    const certificate = new X509Certificate(ca.certPem);
    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toBe('CN=test-ca');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.validFromDate).toEqual(new Date(START.getTime() - CLOCK_SKEW_ALLOWANCE_MS));
    expect(certificate.validToDate).toEqual(new Date(START.getTime() + DEFAULT_CA_VALIDITY_MS));
    expect(ca.notAfter).toEqual(certificate.validToDate);
    const key = createPrivateKey(ca.keyPem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(certificate.checkPrivateKey(key)).toBe(true);
  });

  it('issues a serving certificate for the Service names and extra names, signed by the CA', async () => {
    const serving = await generateServingCertificate({
      serviceName: 'hooks',
      namespace: 'ops',
      extraDnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
      now: () => START,
    });
    const leaf = new X509Certificate(serving.certPem);
    const ca = new X509Certificate(serving.caPem);
    expect(leaf.ca).toBe(false);
    expect(leaf.subjectAltName).toBe(
      'DNS:hooks, DNS:hooks.ops, DNS:hooks.ops.svc, DNS:hooks.ops.svc.cluster.local, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(leaf.checkHost('hooks.ops.svc')).toBe('hooks.ops.svc');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.keyUsage).toEqual([SERVER_AUTH]);
    expect(leaf.issuer).toBe(ca.subject);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(createPrivateKey(serving.keyPem))).toBe(true);
    expect(leaf.validFromDate).toEqual(new Date(START.getTime() - CLOCK_SKEW_ALLOWANCE_MS));
    expect(leaf.validToDate).toEqual(new Date(START.getTime() + DEFAULT_LEAF_VALIDITY_MS));
    expect(serving.notAfter).toEqual(leaf.validToDate);
    expect(serving.caPem).toBe(serving.ca.certPem);
  });

  it('truncates to whole seconds, honours validity options and never outlives the CA', async () => {
    const now = () => new Date('2030-01-01T00:00:00.750Z');
    const ca = await generateCertificateAuthority({ validityMs: 30 * DAY_MS, now });
    expect(ca.notAfter).toEqual(new Date(START.getTime() + 30 * DAY_MS));
    const shortLeaf = await issueServingCertificate(ca, { serviceName: 's', namespace: 'n', validityMs: 7 * DAY_MS, now });
    expect(new X509Certificate(shortLeaf.certPem).validToDate).toEqual(new Date(START.getTime() + 7 * DAY_MS));
    const clampedLeaf = await issueServingCertificate(ca, { serviceName: 's', namespace: 'n', validityMs: 90 * DAY_MS, now });
    expect(new X509Certificate(clampedLeaf.certPem).validToDate).toEqual(ca.notAfter);
  });

  it('reuses a CA given as PEM, so one persisted CA can sign across restarts', async () => {
    const ca = await generateCertificateAuthority({ now: () => START });
    const first = await issueServingCertificate(ca, { serviceName: 's', namespace: 'n', now: () => START });
    const second = await issueServingCertificate({ ...ca }, { serviceName: 's', namespace: 'n', now: () => START });
    const caCertificate = new X509Certificate(ca.certPem);
    expect(new X509Certificate(first.certPem).checkIssued(caCertificate)).toBe(true);
    expect(new X509Certificate(second.certPem).checkIssued(caCertificate)).toBe(true);
    expect(new X509Certificate(first.certPem).serialNumber).not.toBe(new X509Certificate(second.certPem).serialNumber);
  });

  it('rejects an IP address that is not one', async () => {
    const ca = await generateCertificateAuthority({ now: () => START });
    await expect(issueServingCertificate(ca, { serviceName: 's', namespace: 'n', ipAddresses: ['localhost'] })).rejects.toThrow('not an IP address');
  });
});

describe('CertificateManager', () => {
  const leafValidityMs = 30 * DAY_MS;
  const caValidityMs = 90 * DAY_MS;
  // Lifetimes include the backdated start; a third of it remaining is the renewal point.
  const leafLifetime = leafValidityMs + CLOCK_SKEW_ALLOWANCE_MS;
  const leafRenewAt = START.getTime() + leafValidityMs - leafLifetime / 3;

  async function managerAt(clock: { now: Date }) {
    return CertificateManager.create({
      serviceName: 'hooks',
      namespace: 'ops',
      leafValidityMs,
      caValidityMs,
      now: () => clock.now,
    });
  }

  it('renews the leaf only once less than a third of its life is left, keeping the CA', async () => {
    const clock = { now: START };
    const manager = await managerAt(clock);
    const rotations: TlsMaterial[] = [];
    manager.onRotate((material) => {
      rotations.push(material);
    });
    const first = manager.current();

    clock.now = new Date(leafRenewAt);
    expect(await manager.rotateIfDue()).toBe(false);
    expect(manager.current()).toBe(first);

    clock.now = new Date(leafRenewAt + 1000);
    expect(await manager.rotateIfDue()).toBe(true);
    const second = manager.current();
    expect(rotations).toEqual([second]);
    expect(new X509Certificate(second.certPem).serialNumber).not.toBe(new X509Certificate(first.certPem).serialNumber);
    expect(second.caPem).toBe(first.caPem);
    expect(new X509Certificate(second.certPem).checkIssued(new X509Certificate(first.caPem))).toBe(true);
    expect(second.notAfter).toEqual(new Date(Math.floor((leafRenewAt + 1000) / 1000) * 1000 + leafValidityMs));
    expect(await manager.rotateIfDue()).toBe(false);
  });

  it('renews the CA too when it nears its own expiry, bundling the old CA while it is valid', async () => {
    const clock = { now: START };
    const manager = await managerAt(clock);
    const oldCa = manager.certificateAuthority;
    const events: string[] = [];
    manager.onCaBundleChange((caPem) => {
      events.push(`bundle:${certificatesIn(caPem).length}`);
    });
    manager.onRotate(() => {
      events.push('rotate');
    });

    clock.now = new Date(leafRenewAt + 1000);
    expect(await manager.rotateIfDue()).toBe(true);
    expect(manager.certificateAuthority).toBe(oldCa);

    // Day 65: the 90-day CA has less than a third of its life left.
    clock.now = new Date(START.getTime() + 65 * DAY_MS);
    expect(await manager.rotateIfDue()).toBe(true);
    const rotated = manager.current();
    expect(manager.certificateAuthority).not.toBe(oldCa);
    const bundle = certificatesIn(rotated.caPem);
    expect(bundle.map((c) => c.serialNumber)).toEqual([
      new X509Certificate(manager.certificateAuthority.certPem).serialNumber,
      new X509Certificate(oldCa.certPem).serialNumber,
    ]);
    expect(new X509Certificate(rotated.certPem).checkIssued(bundle[0]!)).toBe(true);
    expect(new X509Certificate(rotated.certPem).checkIssued(bundle[1]!)).toBe(false);
    expect(events).toEqual(['rotate', 'bundle:2', 'rotate']);
  });

  it('renews the CA when it would cut the next leaf short', async () => {
    const clock = { now: START };
    const manager = await CertificateManager.create({ serviceName: 'hooks', namespace: 'ops', leafValidityMs, caValidityMs: 40 * DAY_MS, now: () => clock.now });
    const oldCa = manager.certificateAuthority;
    // About 20 days of the CA's 40 are left: more than a third, fewer than a leaf's 30.
    clock.now = new Date(leafRenewAt + 1000);
    expect(await manager.rotateIfDue()).toBe(true);
    expect(manager.certificateAuthority).not.toBe(oldCa);
    expect(manager.current().notAfter).toEqual(new Date(Math.floor((leafRenewAt + 1000) / 1000) * 1000 + leafValidityMs));
  });

  it('drops the previous CA from the bundle once it has expired', async () => {
    const clock = { now: START };
    const manager = await CertificateManager.create({ serviceName: 'hooks', namespace: 'ops', leafValidityMs, caValidityMs: 100 * DAY_MS, now: () => clock.now });
    clock.now = new Date(START.getTime() + 70 * DAY_MS);
    expect(await manager.rotateIfDue()).toBe(true);
    expect(certificatesIn(manager.current().caPem)).toHaveLength(2);
    const bundles: string[] = [];
    manager.onCaBundleChange((caPem) => {
      bundles.push(caPem);
    });
    const caAfterFirstRotation = manager.certificateAuthority;
    clock.now = new Date(START.getTime() + 105 * DAY_MS);
    expect(await manager.rotateIfDue()).toBe(true);
    expect(manager.certificateAuthority).toBe(caAfterFirstRotation);
    expect(certificatesIn(manager.current().caPem)).toHaveLength(1);
    expect(bundles).toEqual([caAfterFirstRotation.certPem]);
  });

  it('postpones a CA rotation whose bundle could not be published, and retries it', async () => {
    const clock = { now: START };
    const manager = await managerAt(clock);
    const before = manager.current();
    let failures = 1;
    manager.onCaBundleChange(() => {
      if (failures-- > 0) throw new Error('API server unavailable');
    });
    const rotated: TlsMaterial[] = [];
    manager.onRotate((material) => {
      rotated.push(material);
    });
    clock.now = new Date(START.getTime() + 80 * DAY_MS);
    expect(await manager.rotateIfDue()).toBe(false);
    expect(manager.current()).toBe(before);
    expect(rotated).toEqual([]);
    expect(await manager.rotateIfDue()).toBe(true);
    expect(rotated).toEqual([manager.current()]);
    expect(manager.current().caPem).not.toBe(before.caPem);
  });

  it('checks on its timer once started, and no longer after stop', async () => {
    const clock = { now: START };
    const manager = await CertificateManager.create({
      serviceName: 'hooks',
      namespace: 'ops',
      leafValidityMs,
      caValidityMs,
      checkIntervalMs: 5,
      now: () => clock.now,
    });
    const rotated = new Promise<TlsMaterial>((resolve) => manager.onRotate(resolve));
    manager.start();
    clock.now = new Date(leafRenewAt + 1000);
    try {
      expect(await rotated).toBe(manager.current());
    } finally {
      manager.stop();
    }
  });

  it('refuses a renewal fraction outside (0, 1)', async () => {
    await expect(CertificateManager.create({ serviceName: 's', namespace: 'n', renewBeforeFraction: 1 })).rejects.toThrow('renewBeforeFraction');
  });
});
