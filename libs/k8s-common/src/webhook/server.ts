import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { CertificateSource, TlsMaterial } from './certs.ts';
import { createJsonPatch, type JsonPatchOperation } from './json-patch.ts';
import { errorMessage, type WebhookLogger } from './logger.ts';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** The `request` of an admission.k8s.io/v1 AdmissionReview. */
export interface AdmissionRequest<T extends object = KubernetesObject> {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: GroupVersionResource;
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: AdmissionOperation;
  userInfo: AdmissionUserInfo;
  /** Absent on DELETE. */
  object?: T;
  /** Present on UPDATE and DELETE. */
  oldObject?: T;
  dryRun?: boolean;
  options?: Record<string, unknown>;
}

export interface AdmissionDecision {
  allowed: boolean;
  message?: string;
  reason?: string;
  /** HTTP-style status code shown to the client; a denial defaults to 403. */
  code?: number;
  /** Shown to the client (kubectl prints them) whether or not the request is allowed. */
  warnings?: string[];
}

export interface MutationDecision extends AdmissionDecision {
  patch?: JsonPatchOperation[];
}

export type ValidatingHandler<T extends object = KubernetesObject> = (request: AdmissionRequest<T>) => AdmissionDecision | Promise<AdmissionDecision>;
export type MutatingHandler<T extends object = KubernetesObject> = (request: AdmissionRequest<T>) => MutationDecision | Promise<MutationDecision>;
/**
 * Gets a copy of `request.object` to change in place or replace by returning another object;
 * the server sends the difference as a JSON Patch. Throw AdmissionDenied to refuse the request.
 */
export type ObjectMutatingHandler<T extends object = KubernetesObject> = (object: T, request: AdmissionRequest<T>) => T | void | Promise<T | void>;

export type ConvertibleObject = KubernetesObject & { apiVersion: string; kind: string };
/** Returns `object` converted to `desiredAPIVersion` (same kind, same metadata). */
export type ConversionHandler = (object: ConvertibleObject, desiredAPIVersion: string) => KubernetesObject | Promise<KubernetesObject>;

/** Thrown by a handler to deny with a chosen status instead of the 500 any other error gives. */
export class AdmissionDenied extends Error {
  override readonly name = 'AdmissionDenied';
  readonly code: number;
  readonly reason: string;

  constructor(message: string, options: { code?: number; reason?: string } = {}) {
    super(message);
    this.code = options.code ?? 403;
    this.reason = options.reason ?? 'Forbidden';
  }
}

export interface WebhookServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  certificates: CertificateSource | TlsMaterial;
  logger: WebhookLogger;
  maxBodyBytes?: number;
  /** How long stop() waits for in-flight requests before closing their connections. */
  shutdownTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/**
 * An AdmissionReview carries the object and, on UPDATE, the old object too; each can be up to
 * etcd's 1.5 MiB, so the limit matches controller-runtime's rather than a single object's.
 */
export const DEFAULT_MAX_BODY_BYTES = 7 * 1024 * 1024;
export const HEALTHZ_PATH = '/healthz';

const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
const CONVERSION_API_VERSION = 'apiextensions.k8s.io/v1';

type Route = (body: unknown, path: string) => Promise<unknown>;

class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * An HTTPS server for admission and conversion webhooks, routed by path, serving certificates
 * from a CertificateSource and switching to new ones without a restart. Handler failures become
 * denials (or conversion failures), never crashes; only malformed requests get HTTP errors.
 */
export class WebhookServer {
  readonly #options: WebhookServerOptions;
  readonly #logger: WebhookLogger;
  readonly #routes = new Map<string, Route>();
  #server: Server | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(options: WebhookServerOptions) {
    this.#options = options;
    this.#logger = options.logger;
  }

  validating<T extends object = KubernetesObject>(path: string, handler: ValidatingHandler<T>): this {
    return this.#admission<T>(path, async (request) => {
      const { allowed, message, reason, code, warnings } = await handler(request);
      return { allowed, message, reason, code, warnings };
    });
  }

  mutating<T extends object = KubernetesObject>(path: string, handler: MutatingHandler<T>): this {
    return this.#admission<T>(path, handler);
  }

  mutatingObject<T extends object = KubernetesObject>(path: string, handler: ObjectMutatingHandler<T>): this {
    return this.#admission<T>(path, async (request) => {
      if (request.object === undefined) return { allowed: true };
      const draft = structuredClone(request.object);
      const mutated = (await handler(draft, request)) ?? draft;
      return { allowed: true, patch: createJsonPatch(request.object, mutated) };
    });
  }

  conversion(path: string, handler: ConversionHandler): this {
    return this.#route(path, async (body) => {
      const request = parseConversionReview(body);
      let response: Record<string, unknown>;
      try {
        const convertedObjects: KubernetesObject[] = [];
        for (const object of request.objects) convertedObjects.push(await convertOne(handler, object, request.desiredAPIVersion));
        response = { uid: request.uid, convertedObjects, result: { status: 'Success' } };
        this.#logger.debug('conversion reviewed', { path, uid: request.uid, desiredAPIVersion: request.desiredAPIVersion, objects: request.objects.length });
      } catch (error) {
        this.#logger.error('conversion failed', { path, uid: request.uid, desiredAPIVersion: request.desiredAPIVersion, error: errorMessage(error) });
        response = { uid: request.uid, convertedObjects: [], result: { status: 'Failure', message: errorMessage(error) } };
      }
      return { apiVersion: CONVERSION_API_VERSION, kind: 'ConversionReview', response };
    });
  }

  async start(): Promise<{ port: number }> {
    if (this.#server) throw new Error('webhook server already started');
    const source = asCertificateSource(this.#options.certificates);
    const server = createServer({ ...secureContextOptions(source.current()) }, (req, res) => this.#handle(req, res));
    server.requestTimeout = this.#options.requestTimeoutMs ?? 30_000;
    server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);
    server.on('tlsClientError', (error) => this.#logger.debug('TLS handshake failed', { error: errorMessage(error) }));
    this.#server = server;
    this.#unsubscribe = source.onRotate((material) => {
      server.setSecureContext(secureContextOptions(material));
      this.#logger.info('webhook serving certificate updated', { notAfter: material.notAfter.toISOString() });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.#options.port, this.#options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.#unsubscribe();
      this.#server = undefined;
      throw error;
    }
    const { port } = server.address() as AddressInfo;
    this.#logger.info('webhook server listening', { port, paths: [...this.#routes.keys()] });
    return { port };
  }

  /** Stops accepting connections, lets in-flight reviews finish, then cuts what is left after the timeout. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    this.#unsubscribe?.();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), this.#options.shutdownTimeoutMs ?? 10_000);
    try {
      await closed;
    } finally {
      clearTimeout(deadline);
    }
    this.#logger.info('webhook server stopped');
  }

  #admission<T extends object>(path: string, decide: (request: AdmissionRequest<T>) => Promise<MutationDecision> | MutationDecision): this {
    return this.#route(path, async (body) => {
      const request = parseAdmissionReview(body) as AdmissionRequest<T>;
      const identity = {
        path,
        uid: request.uid,
        operation: request.operation,
        kind: request.kind?.kind,
        namespace: request.namespace,
        name: request.name,
      };
      let decision: MutationDecision;
      try {
        decision = await decide(request);
        if (typeof decision?.allowed !== 'boolean') throw new Error('webhook handler returned no decision');
      } catch (error) {
        if (error instanceof AdmissionDenied) {
          decision = { allowed: false, message: error.message, code: error.code, reason: error.reason };
        } else {
          this.#logger.error('admission handler failed', { ...identity, error: errorMessage(error) });
          decision = { allowed: false, message: errorMessage(error), code: 500, reason: 'InternalError' };
        }
      }
      this.#logger.debug('admission reviewed', { ...identity, allowed: decision.allowed, patched: Boolean(decision.patch?.length) });
      return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response: admissionResponse(request.uid, decision) };
    });
  }

  #route(path: string, route: Route): this {
    if (!path.startsWith('/')) throw new Error(`webhook path must start with "/": ${path}`);
    if (path === HEALTHZ_PATH || this.#routes.has(path)) throw new Error(`webhook path ${path} is already in use`);
    this.#routes.set(path, route);
    return this;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The API server appends `?timeout=…` to webhook URLs, so route on the path alone.
    const path = new URL(req.url ?? '/', 'https://webhook.invalid').pathname;
    try {
      if (path === HEALTHZ_PATH) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const route = this.#routes.get(path);
      if (!route) throw new HttpError(404, `no webhook at ${path}`);
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        throw new HttpError(405, `${req.method ?? 'unknown method'} not allowed; webhooks take POST`);
      }
      const contentType = req.headers['content-type'];
      if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) {
        throw new HttpError(415, `content type ${contentType} not supported; send application/json`);
      }
      const raw = await readBody(req, this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        throw new HttpError(400, `request body is not JSON: ${errorMessage(error)}`);
      }
      const answer = await route(body, path);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) this.#logger.error('webhook request failed', { path, error: errorMessage(error) });
      else this.#logger.warn('webhook request rejected', { path, status, error: errorMessage(error) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // After a body overflow the rest of the upload is unread; closing is cheaper than draining it.
      if (status === 413) res.setHeader('connection', 'close');
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: errorMessage(error) }));
    }
  }
}

function asCertificateSource(certificates: CertificateSource | TlsMaterial): CertificateSource {
  if ('current' in certificates && typeof certificates.current === 'function') return certificates;
  const material = certificates as TlsMaterial;
  return { current: () => material, onRotate: () => () => undefined };
}

function secureContextOptions(material: TlsMaterial): { cert: string; key: string; minVersion: 'TLSv1.2' } {
  return { cert: material.certPem, key: material.keyPem, minVersion: 'TLSv1.2' };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new HttpError(413, `request body of ${declared} bytes exceeds the ${limit}-byte limit`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new HttpError(413, `request body exceeds the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseAdmissionReview(body: unknown): AdmissionRequest<object> {
  if (!isRecord(body) || body.kind !== 'AdmissionReview') throw new HttpError(400, 'expected an AdmissionReview');
  if (body.apiVersion !== ADMISSION_API_VERSION) {
    throw new HttpError(400, `AdmissionReview ${String(body.apiVersion)} not supported; list only "v1" in admissionReviewVersions`);
  }
  const request = body.request;
  if (!isRecord(request) || typeof request.uid !== 'string' || request.uid === '') throw new HttpError(400, 'AdmissionReview has no request.uid');
  return request as unknown as AdmissionRequest<object>;
}

interface ConversionRequest {
  uid: string;
  desiredAPIVersion: string;
  objects: unknown[];
}

function parseConversionReview(body: unknown): ConversionRequest {
  if (!isRecord(body) || body.kind !== 'ConversionReview') throw new HttpError(400, 'expected a ConversionReview');
  if (body.apiVersion !== CONVERSION_API_VERSION) {
    throw new HttpError(400, `ConversionReview ${String(body.apiVersion)} not supported; list only "v1" in conversionReviewVersions`);
  }
  const request = body.request;
  if (!isRecord(request) || typeof request.uid !== 'string' || request.uid === '') throw new HttpError(400, 'ConversionReview has no request.uid');
  if (typeof request.desiredAPIVersion !== 'string' || !Array.isArray(request.objects)) {
    throw new HttpError(400, 'ConversionReview request needs desiredAPIVersion and objects');
  }
  return { uid: request.uid, desiredAPIVersion: request.desiredAPIVersion, objects: request.objects };
}

async function convertOne(handler: ConversionHandler, object: unknown, desiredAPIVersion: string): Promise<KubernetesObject> {
  if (!isRecord(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    throw new Error('conversion object has no apiVersion or kind');
  }
  const source = object as unknown as ConvertibleObject;
  const what = `${source.kind} ${source.metadata?.namespace ? source.metadata.namespace + '/' : ''}${source.metadata?.name ?? ''}`.trim();
  // The API server only asks across versions, but an object already at the target needs no work.
  if (source.apiVersion === desiredAPIVersion) return source;
  const converted = await handler(source, desiredAPIVersion);
  // The API server rejects the whole review for these; saying which object and why helps more.
  if (converted?.apiVersion !== desiredAPIVersion) {
    throw new Error(`converting ${what} from ${source.apiVersion} gave apiVersion ${String(converted?.apiVersion)}, want ${desiredAPIVersion}`);
  }
  if (converted.kind !== source.kind) throw new Error(`converting ${what} changed its kind to ${String(converted.kind)}`);
  return converted;
}

function admissionResponse(uid: string, decision: MutationDecision): Record<string, unknown> {
  const response: Record<string, unknown> = { uid, allowed: decision.allowed };
  const code = decision.code ?? (decision.allowed ? undefined : 403);
  if (code !== undefined || decision.message !== undefined || decision.reason !== undefined) {
    response.status = {
      ...(code !== undefined && { code }),
      ...(decision.message !== undefined && { message: decision.message }),
      ...(decision.reason !== undefined && { reason: decision.reason }),
    };
  }
  if (decision.warnings?.length) response.warnings = decision.warnings;
  if (decision.allowed && decision.patch?.length) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(decision.patch)).toString('base64');
  }
  return response;
}
