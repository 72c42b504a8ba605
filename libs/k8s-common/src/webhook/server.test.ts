import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { CertificateManager, CLOCK_SKEW_ALLOWANCE_MS, generateServingCertificate, type ServingCertificate, type TlsMaterial } from './certs.ts';
import { applyJsonPatch, type JsonPatchOperation } from './json-patch.ts';
import type { WebhookLogger } from './logger.ts';
import { MountedCertificates } from './mounted-certs.ts';
import { AdmissionDenied, WebhookServer, type AdmissionRequest } from './server.ts';

interface ReplyJson {
  apiVersion?: string;
  kind?: string;
  message?: string;
  response: {
    uid?: string;
    allowed?: boolean;
    status?: unknown;
    warnings?: string[];
    patchType?: string;
    patch?: string;
    convertedObjects?: unknown[];
    result?: unknown;
  };
}

interface Reply {
  status: number;
  body: string;
  json: ReplyJson;
  serialNumber: string;
}

/** One HTTPS call on a fresh connection (so each sees the certificate served at that moment), trusting only `ca`. */
function call(port: number, ca: string, path: string, options: { body?: string | Buffer; method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const requestOptions: RequestOptions = {
    host: '127.0.0.1',
    port,
    path,
    method: options.method ?? 'POST',
    ca,
    agent: false,
    headers: { 'content-type': 'application/json', ...options.headers },
  };
  return new Promise((resolve, reject) => {
    const req = request(requestOptions, (res) => {
      const serialNumber = (res.socket as TLSSocket).getPeerCertificate().serialNumber;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: ReplyJson = { response: {} };
        try {
          json = JSON.parse(body) as ReplyJson;
        } catch {
          // Plain-text answers (healthz) are checked through `body`.
        }
        resolve({ status: res.statusCode ?? 0, body, json, serialNumber });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

interface Widget {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { size?: number; replicas?: number; containers?: Array<{ name: string }>; password?: string; legacy?: boolean };
}

const widget: Widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1', namespace: 'team-a', labels: { app: 'w' } },
  spec: { size: 3, containers: [{ name: 'main' }], password: 'hunter2-secret', legacy: true },
};

function admissionReview(overrides: Partial<AdmissionRequest<Widget>> = {}) {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'b3a5e2c1-0000-4000-8000-000000000001',
      kind: { group: 'example.com', version: 'v1', kind: 'Widget' },
      resource: { group: 'example.com', version: 'v1', resource: 'widgets' },
      name: 'w1',
      namespace: 'team-a',
      operation: 'CREATE',
      userInfo: { username: 'alice', groups: ['dev'] },
      object: widget,
      dryRun: false,
      ...overrides,
    },
  });
}

function serialOf(pem: string): string {
  return new X509Certificate(pem).serialNumber;
}

class CapturingLogger implements WebhookLogger {
  readonly lines: string[] = [];
  error(message: string, meta?: Record<string, unknown>) {
    this.lines.push(`error ${message} ${JSON.stringify(meta)}`);
  }
  warn(message: string, meta?: Record<string, unknown>) {
    this.lines.push(`warn ${message} ${JSON.stringify(meta)}`);
  }
  info(message: string, meta?: Record<string, unknown>) {
    this.lines.push(`info ${message} ${JSON.stringify(meta)}`);
  }
  debug(message: string, meta?: Record<string, unknown>) {
    this.lines.push(`debug ${message} ${JSON.stringify(meta)}`);
  }
}

describe('WebhookServer', () => {
  let certificate: ServingCertificate;
  let logger: CapturingLogger;
  let server: WebhookServer;
  let port: number;
  const seen: Array<AdmissionRequest<Widget>> = [];

  beforeAll(async () => {
    certificate = await generateServingCertificate({ serviceName: 'hooks', namespace: 'ops', ipAddresses: ['127.0.0.1'] });
  });

  beforeEach(async () => {
    seen.length = 0;
    logger = new CapturingLogger();
    server = new WebhookServer({ port: 0, host: '127.0.0.1', certificates: certificate, logger, maxBodyBytes: 64 * 1024 })
      .validating<Widget>('/validate', (req) => {
        seen.push(req);
        return (req.object?.spec.size ?? 0) <= 5
          ? { allowed: true, warnings: ['spec.legacy is deprecated'] }
          : { allowed: false, message: 'spec.size must be at most 5', reason: 'Invalid', code: 422 };
      })
      .validating('/deny-default', () => ({ allowed: false, message: 'no' }))
      .validating('/throws', () => {
        throw new Error('database of rules unavailable');
      })
      .validating('/denied-error', () => {
        throw new AdmissionDenied('namespace is frozen', { code: 409, reason: 'Conflict' });
      })
      .mutating<Widget>('/mutate-patch', (req) => ({
        allowed: true,
        patch: req.object?.spec.replicas === undefined ? [{ op: 'add', path: '/spec/replicas', value: 1 }] : [],
      }))
      .mutatingObject<Widget>('/mutate', (object) => {
        object.metadata.labels = { ...object.metadata.labels, 'app.kubernetes.io/managed-by': 'widget~operator' };
        object.spec.containers?.push({ name: 'sidecar' });
        delete object.spec.legacy;
        object.spec.replicas = 2;
      })
      .mutatingObject<Widget>('/mutate-return', (object) => ({ ...object, spec: { ...object.spec, size: 4 } }))
      .conversion('/convert', (object, desiredAPIVersion) => {
        const spec = (object as unknown as Widget).spec;
        if (desiredAPIVersion === 'example.com/v2') return { ...object, apiVersion: desiredAPIVersion, spec: { replicas: spec.size } } as Widget;
        if (desiredAPIVersion === 'example.com/v3') throw new Error('v3 is not served');
        return { ...object };
      });
    ({ port } = await server.start());
  });

  afterEach(async () => {
    await server.stop();
  });

  describe('validating', () => {
    it('allows, echoing the uid, passing warnings, and hands the handler the typed request', async () => {
      const reply = await call(port, certificate.caPem, '/validate', { body: admissionReview({ dryRun: true }) });
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: 'b3a5e2c1-0000-4000-8000-000000000001', allowed: true, warnings: ['spec.legacy is deprecated'] },
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        operation: 'CREATE',
        namespace: 'team-a',
        name: 'w1',
        dryRun: true,
        userInfo: { username: 'alice', groups: ['dev'] },
        kind: { group: 'example.com', version: 'v1', kind: 'Widget' },
        resource: { resource: 'widgets' },
        object: widget,
      });
    });

    it('denies with the handler’s message, reason and code', async () => {
      const big = { ...widget, spec: { ...widget.spec, size: 9 } };
      const reply = await call(port, certificate.caPem, '/validate', { body: admissionReview({ uid: 'u-2', object: big }) });
      expect(reply.json.response).toEqual({ uid: 'u-2', allowed: false, status: { code: 422, message: 'spec.size must be at most 5', reason: 'Invalid' } });
    });

    it('defaults a denial to code 403', async () => {
      const reply = await call(port, certificate.caPem, '/deny-default', { body: admissionReview() });
      expect(reply.json.response.status).toEqual({ code: 403, message: 'no' });
    });

    it('turns a throwing handler into a 500 denial and keeps serving', async () => {
      const reply = await call(port, certificate.caPem, '/throws', { body: admissionReview({ uid: 'u-3' }) });
      expect(reply.status).toBe(200);
      expect(reply.json.response).toEqual({
        uid: 'u-3',
        allowed: false,
        status: { code: 500, message: 'database of rules unavailable', reason: 'InternalError' },
      });
      const after = await call(port, certificate.caPem, '/validate', { body: admissionReview({ uid: 'u-4' }) });
      expect(after.json.response).toMatchObject({ uid: 'u-4', allowed: true });
    });

    it('lets a handler deny with its own status by throwing AdmissionDenied', async () => {
      const reply = await call(port, certificate.caPem, '/denied-error', { body: admissionReview() });
      expect(reply.json.response.status).toEqual({ code: 409, message: 'namespace is frozen', reason: 'Conflict' });
    });

    it('routes on the path alone, as the API server appends ?timeout=', async () => {
      const reply = await call(port, certificate.caPem, '/validate?timeout=10s', { body: admissionReview() });
      expect(reply.json.response.allowed).toBe(true);
    });
  });

  describe('mutating', () => {
    function decodePatch(reply: Reply): JsonPatchOperation[] {
      expect(reply.json.response.patchType).toBe('JSONPatch');
      return JSON.parse(Buffer.from(reply.json.response.patch ?? '', 'base64').toString('utf8')) as JsonPatchOperation[];
    }

    it('sends the handler’s JSON Patch as base64', async () => {
      const reply = await call(port, certificate.caPem, '/mutate-patch', { body: admissionReview({ uid: 'm-1' }) });
      expect(reply.json.response).toMatchObject({ uid: 'm-1', allowed: true });
      expect(decodePatch(reply)).toEqual([{ op: 'add', path: '/spec/replicas', value: 1 }]);
    });

    it('omits patchType when there is nothing to patch', async () => {
      const withReplicas = { ...widget, spec: { ...widget.spec, replicas: 3 } };
      const reply = await call(port, certificate.caPem, '/mutate-patch', { body: admissionReview({ object: withReplicas }) });
      expect(reply.json.response).toEqual({ uid: 'b3a5e2c1-0000-4000-8000-000000000001', allowed: true });
    });

    it('computes the patch from an object changed in place, which applied yields that object', async () => {
      const reply = await call(port, certificate.caPem, '/mutate', { body: admissionReview() });
      const patch = decodePatch(reply);
      expect(patch).toContainEqual({ op: 'add', path: '/metadata/labels/app.kubernetes.io~1managed-by', value: 'widget~operator' });
      expect(applyJsonPatch(widget, patch)).toEqual({
        ...widget,
        metadata: { ...widget.metadata, labels: { app: 'w', 'app.kubernetes.io/managed-by': 'widget~operator' } },
        spec: { size: 3, containers: [{ name: 'main' }, { name: 'sidecar' }], password: 'hunter2-secret', replicas: 2 },
      });
    });

    it('computes the patch from a returned object', async () => {
      const reply = await call(port, certificate.caPem, '/mutate-return', { body: admissionReview() });
      expect(decodePatch(reply)).toEqual([{ op: 'replace', path: '/spec/size', value: 4 }]);
    });

    it('allows a DELETE, which has no object to mutate, unchanged', async () => {
      const reply = await call(port, certificate.caPem, '/mutate', { body: admissionReview({ operation: 'DELETE', object: undefined, oldObject: widget }) });
      expect(reply.json.response).toEqual({ uid: 'b3a5e2c1-0000-4000-8000-000000000001', allowed: true });
    });
  });

  describe('conversion', () => {
    function conversionReview(desiredAPIVersion: string, objects: unknown[]) {
      return JSON.stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', request: { uid: 'c-1', desiredAPIVersion, objects } });
    }

    it('converts every object to the desired version', async () => {
      const other = { ...widget, metadata: { name: 'w2', namespace: 'team-a' }, spec: { size: 1 } };
      const reply = await call(port, certificate.caPem, '/convert', { body: conversionReview('example.com/v2', [widget, other]) });
      expect(reply.json).toEqual({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'ConversionReview',
        response: {
          uid: 'c-1',
          result: { status: 'Success' },
          convertedObjects: [
            { apiVersion: 'example.com/v2', kind: 'Widget', metadata: widget.metadata, spec: { replicas: 3 } },
            { apiVersion: 'example.com/v2', kind: 'Widget', metadata: other.metadata, spec: { replicas: 1 } },
          ],
        },
      });
    });

    it('passes through objects already at the desired version', async () => {
      const reply = await call(port, certificate.caPem, '/convert', { body: conversionReview('example.com/v1', [widget]) });
      expect(reply.json.response.convertedObjects).toEqual([widget]);
    });

    it('reports a failure when the converter throws or returns the wrong version', async () => {
      const thrown = await call(port, certificate.caPem, '/convert', { body: conversionReview('example.com/v3', [widget]) });
      expect(thrown.status).toBe(200);
      expect(thrown.json.response).toEqual({ uid: 'c-1', convertedObjects: [], result: { status: 'Failure', message: 'v3 is not served' } });
      const wrong = await call(port, certificate.caPem, '/convert', { body: conversionReview('example.com/v9', [widget]) });
      expect(wrong.json.response.result).toEqual({
        status: 'Failure',
        message: 'converting Widget team-a/w1 from example.com/v1 gave apiVersion example.com/v1, want example.com/v9',
      });
    });
  });

  describe('HTTP errors', () => {
    it('answers 400 to a body that is not JSON or not a v1 review', async () => {
      expect((await call(port, certificate.caPem, '/validate', { body: '{"apiVersion":' })).status).toBe(400);
      expect((await call(port, certificate.caPem, '/validate', { body: '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}' })).status).toBe(400);
      const v1beta1 = await call(port, certificate.caPem, '/validate', { body: admissionReview().replace('admission.k8s.io/v1', 'admission.k8s.io/v1beta1') });
      expect(v1beta1.status).toBe(400);
      expect(v1beta1.json.message).toContain('admissionReviewVersions');
      expect((await call(port, certificate.caPem, '/convert', { body: admissionReview() })).status).toBe(400);
    });

    it('answers 404 to an unknown path, 405 to a GET and 415 to a non-JSON content type', async () => {
      expect((await call(port, certificate.caPem, '/nope', { body: admissionReview() })).status).toBe(404);
      expect((await call(port, certificate.caPem, '/validate', { method: 'GET' })).status).toBe(405);
      expect((await call(port, certificate.caPem, '/validate', { body: admissionReview(), headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    });

    it('answers 413 to a body over the limit, announced or streamed, and keeps serving', async () => {
      const oversized = admissionReview({ object: { ...widget, spec: { ...widget.spec, password: 'x'.repeat(70 * 1024) } } });
      expect((await call(port, certificate.caPem, '/validate', { body: oversized })).status).toBe(413);
      const streamed = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', ca: certificate.caPem, agent: false, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write(oversized.slice(0, 40 * 1024));
        req.end(oversized.slice(40 * 1024));
      });
      expect(streamed).toBe(413);
      expect((await call(port, certificate.caPem, '/validate', { body: admissionReview() })).status).toBe(200);
    });

    it('serves /healthz on the same port', async () => {
      const reply = await call(port, certificate.caPem, '/healthz', { method: 'GET' });
      expect([reply.status, reply.body]).toEqual([200, 'ok']);
    });
  });

  it('logs identifiers, never object contents', async () => {
    await call(port, certificate.caPem, '/validate', { body: admissionReview({ uid: 'log-1' }) });
    await call(port, certificate.caPem, '/throws', { body: admissionReview({ uid: 'log-2' }) });
    await call(port, certificate.caPem, '/mutate', { body: admissionReview({ uid: 'log-3' }) });
    const logs = logger.lines.join('\n');
    expect(logs).toContain('"uid":"log-1"');
    expect(logs).toContain('"kind":"Widget","namespace":"team-a","name":"w1"');
    expect(logs).toContain('"uid":"log-2","operation":"CREATE"');
    expect(logs).not.toContain('hunter2');
    expect(logs).not.toContain('alice');
  });

  it('refuses a path registered twice or clashing with /healthz', () => {
    expect(() => server.validating('/validate', () => ({ allowed: true }))).toThrow('already in use');
    expect(() => server.validating('/healthz', () => ({ allowed: true }))).toThrow('already in use');
  });
});

describe('WebhookServer lifecycle and certificates', () => {
  const quietLogger: WebhookLogger = winston.createLogger({ silent: true });

  it('lets an in-flight review finish on stop, then refuses connections', async () => {
    const certificate = await generateServingCertificate({ serviceName: 'hooks', namespace: 'ops', ipAddresses: ['127.0.0.1'] });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    const server = new WebhookServer({ port: 0, host: '127.0.0.1', certificates: certificate, logger: quietLogger }).validating('/slow', async () => {
      entered();
      await released;
      return { allowed: true };
    });
    const { port } = await server.start();
    const inFlight = call(port, certificate.caPem, '/slow', { body: admissionReview() });
    await handlerEntered;
    const stopped = server.stop();
    release();
    expect((await inFlight).json.response.allowed).toBe(true);
    await stopped;
    await expect(call(port, certificate.caPem, '/healthz', { method: 'GET' })).rejects.toThrow('ECONNREFUSED');
  });

  it('serves the rotated certificate without restarting', async () => {
    // The TLS client checks validity against the real clock, so the injected one starts at real
    // time and moves less than the backdating: the rotated leaf is already valid for the client.
    const start = Date.now();
    const clock = { now: new Date(start) };
    const manager = await CertificateManager.create({
      serviceName: 'hooks',
      namespace: 'ops',
      ipAddresses: ['127.0.0.1'],
      leafValidityMs: CLOCK_SKEW_ALLOWANCE_MS,
      now: () => clock.now,
    });
    const server = new WebhookServer({ port: 0, host: '127.0.0.1', certificates: manager, logger: quietLogger }).validating('/v', () => ({ allowed: true }));
    const { port } = await server.start();
    try {
      const before = await call(port, manager.current().caPem, '/v', { body: admissionReview() });
      expect(before.serialNumber).toBe(serialOf(manager.current().certPem));

      clock.now = new Date(start + 60_000);
      expect(await manager.rotateIfDue()).toBe(false);
      clock.now = new Date(start + 120_000);
      expect(await manager.rotateIfDue()).toBe(true);

      const after = await call(port, manager.current().caPem, '/v', { body: admissionReview() });
      expect(after.serialNumber).toBe(serialOf(manager.current().certPem));
      expect(after.serialNumber).not.toBe(before.serialNumber);
      expect(after.json.response.allowed).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('serves a reloaded mounted certificate without restarting', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'webhook-certs-'));
    const swapTo = (version: string, material: ServingCertificate) => {
      mkdirSync(join(directory, version));
      writeFileSync(join(directory, version, 'tls.crt'), material.certPem);
      writeFileSync(join(directory, version, 'tls.key'), material.keyPem);
      writeFileSync(join(directory, version, 'ca.crt'), material.caPem);
      symlinkSync(version, join(directory, '..data_tmp'));
      renameSync(join(directory, '..data_tmp'), join(directory, '..data'));
    };
    const first = await generateServingCertificate({ serviceName: 'hooks', namespace: 'ops', ipAddresses: ['127.0.0.1'] });
    const second = await generateServingCertificate({ serviceName: 'hooks', namespace: 'ops', ipAddresses: ['127.0.0.1'] });
    swapTo('..v1', first);
    for (const file of ['tls.crt', 'tls.key', 'ca.crt']) symlinkSync(join('..data', file), join(directory, file));
    const mounted = await MountedCertificates.load({ directory, debounceMs: 20, pollIntervalMs: 60_000 });
    mounted.start();
    const server = new WebhookServer({ port: 0, host: '127.0.0.1', certificates: mounted, logger: quietLogger }).validating('/v', () => ({ allowed: true }));
    const { port } = await server.start();
    try {
      expect((await call(port, first.caPem, '/v', { body: admissionReview() })).serialNumber).toBe(serialOf(first.certPem));
      const reloaded = new Promise<TlsMaterial>((resolve) => mounted.onRotate(resolve));
      swapTo('..v2', second);
      await reloaded;
      expect((await call(port, second.caPem, '/v', { body: admissionReview() })).serialNumber).toBe(serialOf(second.certPem));
    } finally {
      await server.stop();
      mounted.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
