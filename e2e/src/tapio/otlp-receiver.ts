// A real OTLP/HTTP trace endpoint for a test: an HTTP server on a free port that accepts
// `POST /v1/traces` with the protobuf ExportTraceServiceRequest an OpenTelemetry exporter sends
// (https://github.com/open-telemetry/opentelemetry-proto, trace/v1/trace.proto), decodes the
// fields a test looks at, and answers as a collector does (200, an empty ExportTraceServiceResponse).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type AttributeValue = string | number | boolean | undefined;

export interface ReceivedSpan {
  name: string;
  /** SpanKind: 1 internal, 2 server, 3 client, ... */
  kind: number;
  traceId: string;
  spanId: string;
  attributes: Record<string, AttributeValue>;
  /** Status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The attributes of the resource the span was exported with (service.name, ...). */
  resource: Record<string, AttributeValue>;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Requests that were not a decodable OTLP trace export, with why. */
  readonly rejected: string[] = [];
  private server: Server | undefined;

  /** Starts listening on 127.0.0.1; returns the base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  async start(): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          if (request.method !== 'POST' || request.url !== '/v1/traces') throw new Error(`${request.method} ${request.url}`);
          if (!String(request.headers['content-type']).startsWith('application/x-protobuf')) throw new Error(`content-type ${request.headers['content-type']}`);
          const body = Buffer.concat(chunks);
          this.spans.push(...decodeExportTraceServiceRequest(request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body));
          response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        } catch (err) {
          this.rejected.push((err as Error).message);
          response.writeHead(400).end();
        }
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// Protobuf wire format (https://protobuf.dev/programming-guides/encoding/): each field a varint
// tag (number << 3 | wire type) and a varint, fixed-size or length-delimited value.
interface Field {
  number: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buffer: Buffer, offset: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let i = offset; i < buffer.length; i++) {
    const byte = buffer[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
    shift += 7n;
  }
  throw new Error('truncated varint');
}

function decodeFields(buffer: Buffer): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const [tag, afterTag] = readVarint(buffer, offset);
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const [varint, next] = readVarint(buffer, afterTag);
      fields.push({ number, varint });
      offset = next;
    } else if (wireType === 2) {
      const [length, start] = readVarint(buffer, afterTag);
      offset = start + Number(length);
      if (offset > buffer.length) throw new Error('truncated field');
      fields.push({ number, bytes: buffer.subarray(start, offset) });
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      fields.push({ number, bytes: buffer.subarray(afterTag, afterTag + size) });
      offset = afterTag + size;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

const messages = (fields: Field[], number: number) => fields.filter((f) => f.number === number && f.bytes).map((f) => decodeFields(f.bytes!));
const text = (fields: Field[], number: number) => fields.find((f) => f.number === number)?.bytes?.toString('utf8') ?? '';
const hex = (fields: Field[], number: number) => fields.find((f) => f.number === number)?.bytes?.toString('hex') ?? '';
const integer = (fields: Field[], number: number) => Number(fields.find((f) => f.number === number)?.varint ?? 0n);

/** KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string 1, bool 2, int 3, double 4, ... }. */
function attributes(keyValues: Field[][]): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const keyValue of keyValues) {
    const value = messages(keyValue, 2)[0] ?? [];
    const field = value[0];
    result[text(keyValue, 1)] =
      field?.number === 1 ? field.bytes!.toString('utf8') : field?.number === 2 ? field.varint === 1n : field?.number === 3 ? Number(field.varint) : field?.number === 4 ? field.bytes!.readDoubleLE(0) : undefined;
  }
  return result;
}

/**
 * ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }; ResourceSpans { Resource
 * resource = 1; repeated ScopeSpans scope_spans = 2 }; Resource { repeated KeyValue attributes = 1 };
 * ScopeSpans { repeated Span spans = 2 }; Span { trace_id 1, span_id 2, name 5, kind 6, attributes 9, Status status 15 }; Status { code 3 }.
 */
export function decodeExportTraceServiceRequest(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of messages(decodeFields(body), 1)) {
    const resource = attributes(messages(messages(resourceSpans, 1)[0] ?? [], 1));
    for (const scopeSpans of messages(resourceSpans, 2)) {
      for (const span of messages(scopeSpans, 2)) {
        spans.push({
          name: text(span, 5),
          kind: integer(span, 6),
          traceId: hex(span, 1),
          spanId: hex(span, 2),
          attributes: attributes(messages(span, 9)),
          statusCode: integer(messages(span, 15)[0] ?? [], 3),
          resource,
        });
      }
    }
  }
  return spans;
}
