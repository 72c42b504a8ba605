import { createPrivateKey, X509Certificate } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateSource, RotationListener, TlsMaterial } from './certs.ts';
import { errorMessage, silentLogger, type WebhookLogger } from './logger.ts';

export interface MountedCertificatesOptions {
  /** Where the Secret is mounted, e.g. a cert-manager Certificate's Secret. */
  directory: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  /** The fallback re-read, for file systems and volume types where fs.watch misses the swap. */
  pollIntervalMs?: number;
  /** Turn off fs.watch and rely on polling alone. */
  watch?: boolean;
  /** Coalesces the burst of events one Secret update produces into one reload. */
  debounceMs?: number;
  logger?: WebhookLogger;
}

/**
 * TLS files mounted from a Secret, reloaded when they change. The kubelet updates a Secret volume
 * by writing a new timestamped directory and renaming the `..data` symlink onto it, so the files
 * change without any write to the paths being read; watching the directory sees the rename, and
 * polling covers the cases where inotify does not fire (some volume types, missed events).
 * A half-updated pair (new certificate, old key) is never served: a pair is taken only when the
 * key matches the certificate.
 */
export class MountedCertificates implements CertificateSource {
  readonly #directory: string;
  readonly #paths: TlsFilePaths;
  readonly #pollIntervalMs: number;
  readonly #useWatch: boolean;
  readonly #debounceMs: number;
  readonly #logger: WebhookLogger;
  readonly #listeners = new Set<RotationListener>();
  #material: TlsMaterial;
  #watcher: FSWatcher | undefined;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #debounceTimer: ReturnType<typeof setTimeout> | undefined;
  #reloads: Promise<unknown> = Promise.resolve();

  private constructor(options: MountedCertificatesOptions, paths: TlsFilePaths, material: TlsMaterial) {
    this.#directory = options.directory;
    this.#paths = paths;
    this.#pollIntervalMs = options.pollIntervalMs ?? 10_000;
    this.#useWatch = options.watch ?? true;
    this.#debounceMs = options.debounceMs ?? 100;
    this.#logger = options.logger ?? silentLogger;
    this.#material = material;
  }

  /** Reads the files once; throws when they are missing or the key does not match the certificate. */
  static async load(options: MountedCertificatesOptions): Promise<MountedCertificates> {
    const paths: TlsFilePaths = {
      cert: join(options.directory, options.certFile ?? 'tls.crt'),
      key: join(options.directory, options.keyFile ?? 'tls.key'),
      ca: join(options.directory, options.caFile ?? 'ca.crt'),
    };
    return new MountedCertificates(options, paths, await readTlsFiles(paths));
  }

  current(): TlsMaterial {
    return this.#material;
  }

  onRotate(listener: RotationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#pollTimer) return;
    this.#pollTimer = setInterval(() => this.#reloadLogged(), this.#pollIntervalMs);
    this.#pollTimer.unref();
    if (this.#useWatch) this.#startWatching();
  }

  stop(): void {
    clearInterval(this.#pollTimer);
    clearTimeout(this.#debounceTimer);
    this.#watcher?.close();
    this.#pollTimer = undefined;
    this.#debounceTimer = undefined;
    this.#watcher = undefined;
  }

  /**
   * Re-reads the files; resolves true when a new, consistent pair took effect. An unreadable or
   * mismatched pair keeps the current one (the kubelet may be mid-update) and resolves false.
   * Reloads run one after another so listeners see rotations in order.
   */
  reload(): Promise<boolean> {
    const next = this.#reloads.then(() => this.#reloadOnce());
    this.#reloads = next.catch(() => undefined);
    return next;
  }

  async #reloadOnce(): Promise<boolean> {
    let material: TlsMaterial;
    try {
      material = await readTlsFiles(this.#paths);
    } catch (error) {
      this.#logger.debug('mounted certificate not reloaded', { directory: this.#directory, error: errorMessage(error) });
      return false;
    }
    const current = this.#material;
    if (material.certPem === current.certPem && material.keyPem === current.keyPem && material.caPem === current.caPem) return false;
    this.#material = material;
    if (material.notAfter.getTime() < Date.now()) {
      this.#logger.warn('mounted certificate has expired', { directory: this.#directory, notAfter: material.notAfter.toISOString() });
    }
    this.#logger.info('mounted certificate reloaded', { directory: this.#directory, notAfter: material.notAfter.toISOString() });
    for (const listener of this.#listeners) {
      try {
        await listener(material);
      } catch (error) {
        this.#logger.error('certificate rotation listener failed', { error: errorMessage(error) });
      }
    }
    return true;
  }

  #startWatching(): void {
    try {
      this.#watcher = watch(this.#directory, { persistent: false }, () => this.#scheduleReload());
      this.#watcher.on('error', (error) => {
        this.#logger.warn('certificate directory watch failed; relying on polling', { directory: this.#directory, error: errorMessage(error) });
        this.#watcher?.close();
        this.#watcher = undefined;
      });
    } catch (error) {
      this.#logger.warn('cannot watch certificate directory; relying on polling', { directory: this.#directory, error: errorMessage(error) });
    }
  }

  #scheduleReload(): void {
    if (this.#debounceTimer) return;
    this.#debounceTimer = setTimeout(() => {
      this.#debounceTimer = undefined;
      this.#reloadLogged();
    }, this.#debounceMs);
  }

  #reloadLogged(): void {
    this.reload().catch((error: unknown) => this.#logger.error('certificate reload failed', { directory: this.#directory, error: errorMessage(error) }));
  }
}

interface TlsFilePaths {
  cert: string;
  key: string;
  ca: string;
}

async function readTlsFiles(paths: TlsFilePaths): Promise<TlsMaterial> {
  const [certPem, keyPem, caPem] = await Promise.all([
    readFile(paths.cert, 'utf8'),
    readFile(paths.key, 'utf8'),
    readFile(paths.ca, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }),
  ]);
  const certificate = new X509Certificate(certPem);
  if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) throw new Error(`${paths.key} does not match the certificate in ${paths.cert}`);
  // Parsed only to refuse a truncated bundle mid-update.
  if (caPem !== undefined) new X509Certificate(caPem);
  return { certPem, keyPem, caPem, notAfter: certificate.validToDate };
}
