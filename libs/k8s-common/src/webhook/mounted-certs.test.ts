import { X509Certificate } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, symlinkSync, mkdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServingCertificate, type ServingCertificate, type TlsMaterial } from './certs.ts';
import { MountedCertificates } from './mounted-certs.ts';

function serial(pem: string): string {
  return new X509Certificate(pem).serialNumber;
}

function nextRotation(source: MountedCertificates, timeoutMs = 5000): Promise<TlsMaterial> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no reload within ${timeoutMs}ms`));
    }, timeoutMs);
    const stop = source.onRotate((material) => {
      clearTimeout(timer);
      stop();
      resolve(material);
    });
  });
}

function writePlain(directory: string, material: ServingCertificate): void {
  writeFileSync(join(directory, 'tls.crt'), material.certPem);
  writeFileSync(join(directory, 'tls.key'), material.keyPem);
  writeFileSync(join(directory, 'ca.crt'), material.caPem);
}

/** Lays the files out the way the kubelet's atomic writer does, or swaps them to a new version. */
function writeAtomically(directory: string, version: string, material: ServingCertificate): void {
  const versionDirectory = `..${version}`;
  mkdirSync(join(directory, versionDirectory));
  writeFileSync(join(directory, versionDirectory, 'tls.crt'), material.certPem);
  writeFileSync(join(directory, versionDirectory, 'tls.key'), material.keyPem);
  writeFileSync(join(directory, versionDirectory, 'ca.crt'), material.caPem);
  symlinkSync(versionDirectory, join(directory, '..data_tmp'));
  renameSync(join(directory, '..data_tmp'), join(directory, '..data'));
  for (const file of ['tls.crt', 'tls.key', 'ca.crt']) {
    try {
      symlinkSync(join('..data', file), join(directory, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

describe('MountedCertificates', () => {
  let directory: string;
  let first: ServingCertificate;
  let second: ServingCertificate;
  let source: MountedCertificates | undefined;

  beforeAll(async () => {
    first = await generateServingCertificate({ serviceName: 'hooks', namespace: 'ops' });
    second = await generateServingCertificate({ serviceName: 'hooks', namespace: 'ops' });
  });

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'mounted-certs-'));
  });

  afterEach(() => {
    source?.stop();
    source = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  it('loads the certificate, key and CA', async () => {
    writePlain(directory, first);
    source = await MountedCertificates.load({ directory });
    expect(source.current()).toEqual({ certPem: first.certPem, keyPem: first.keyPem, caPem: first.caPem, notAfter: first.notAfter });
  });

  it('works without ca.crt, as from a publicly trusted issuer', async () => {
    writePlain(directory, first);
    unlinkSync(join(directory, 'ca.crt'));
    source = await MountedCertificates.load({ directory });
    expect(source.current().caPem).toBeUndefined();
  });

  it('refuses to load a key that does not match the certificate', async () => {
    writePlain(directory, first);
    writeFileSync(join(directory, 'tls.key'), second.keyPem);
    await expect(MountedCertificates.load({ directory })).rejects.toThrow('does not match');
  });

  it('reloads when the files are rewritten in place', async () => {
    writePlain(directory, first);
    source = await MountedCertificates.load({ directory, pollIntervalMs: 60_000, debounceMs: 20 });
    source.start();
    const rotation = nextRotation(source);
    writePlain(directory, second);
    expect(serial((await rotation).certPem)).toBe(serial(second.certPem));
    expect(source.current().keyPem).toBe(second.keyPem);
  });

  it('reloads when the kubelet swaps the ..data symlink', async () => {
    writeAtomically(directory, '2030_01_01_00_00_00.1', first);
    source = await MountedCertificates.load({ directory, pollIntervalMs: 60_000, debounceMs: 20 });
    expect(serial(source.current().certPem)).toBe(serial(first.certPem));
    source.start();
    const rotation = nextRotation(source);
    writeAtomically(directory, '2030_01_02_00_00_00.2', second);
    expect(serial((await rotation).certPem)).toBe(serial(second.certPem));
    expect(source.current().caPem).toBe(second.caPem);
  });

  it('falls back to polling when not watching', async () => {
    writeAtomically(directory, 'v1', first);
    source = await MountedCertificates.load({ directory, watch: false, pollIntervalMs: 20 });
    source.start();
    const rotation = nextRotation(source);
    writeAtomically(directory, 'v2', second);
    expect(serial((await rotation).certPem)).toBe(serial(second.certPem));
  });

  it('keeps the current pair while a new certificate waits for its key', async () => {
    writePlain(directory, first);
    source = await MountedCertificates.load({ directory });
    writeFileSync(join(directory, 'tls.crt'), second.certPem);
    expect(await source.reload()).toBe(false);
    expect(source.current().certPem).toBe(first.certPem);
    writeFileSync(join(directory, 'tls.key'), second.keyPem);
    writeFileSync(join(directory, 'ca.crt'), second.caPem);
    expect(await source.reload()).toBe(true);
    expect(source.current().certPem).toBe(second.certPem);
    expect(await source.reload()).toBe(false);
  });
});
