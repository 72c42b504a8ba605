import { aTickStorm, withSpec } from '../../test/fixtures.ts';
import { desiredCertificate } from './certificate.ts';

const withCertificate = (certificate: Record<string, unknown>) => withSpec({ tls: { certificate: { issuerRef: { name: 'ca-issuer' }, ...certificate } } });

describe('desiredCertificate', () => {
  it('is undefined without tls.certificate, also with a TLS Secret of the user', () => {
    expect(desiredCertificate(aTickStorm())).toBeUndefined();
    expect(desiredCertificate(aTickStorm(withSpec({ tls: { secretName: 'mine' } })))).toBeUndefined();
  });

  it("is <name>-tls writing the Secret <name>-tls for the client Service's in-cluster names", () => {
    const certificate = desiredCertificate(aTickStorm(withCertificate({})));
    expect(certificate?.apiVersion).toBe('cert-manager.io/v1');
    expect(certificate?.metadata.name).toBe('tick-storm-tls');
    expect(certificate?.spec).toEqual({
      secretName: 'tick-storm-tls',
      issuerRef: { name: 'ca-issuer', kind: 'Issuer', group: 'cert-manager.io' },
      dnsNames: ['tick-storm-service', 'tick-storm-service.tick-storm', 'tick-storm-service.tick-storm.svc', 'tick-storm-service.tick-storm.svc.cluster.local'],
      usages: ['server auth', 'digital signature'],
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      secretTemplate: { labels: expect.objectContaining({ 'app.kubernetes.io/instance': 'tick-storm' }) },
    });
    expect(certificate?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'TickStorm', controller: true });
  });

  it('adds the extra names once, and the lifetime when set', () => {
    const certificate = desiredCertificate(
      aTickStorm(withCertificate({ issuerRef: { name: 'le', kind: 'ClusterIssuer' }, dnsNames: ['ticks.example.com', 'tick-storm-service'], duration: '2160h', renewBefore: '360h' })),
    );
    expect(certificate?.spec.issuerRef).toEqual({ name: 'le', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(certificate?.spec.dnsNames).toHaveLength(5);
    expect(certificate?.spec.dnsNames).toContain('ticks.example.com');
    expect(certificate?.spec).toMatchObject({ duration: '2160h', renewBefore: '360h' });
  });

  it('matches the snapshot', () => {
    expect(desiredCertificate(aTickStorm(withCertificate({ dnsNames: ['ticks.example.com'] })))).toMatchSnapshot();
  });
});
