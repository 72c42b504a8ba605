// Whether and how to trace, from the standard OpenTelemetry environment variables
// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). Tracing is
// opt-in: off unless OTEL_TRACES_EXPORTER names an exporter or an OTLP endpoint is set, so an
// operator started without any OTEL_* variable loads no SDK and makes no span.
// The OTLP exporter itself reads the endpoint, headers, timeout, compression and TLS variables.

export type TraceExporterName = 'otlp' | 'console';

export type SamplerSetting =
  | { type: 'always_on' | 'always_off' | 'parentbased_always_on' | 'parentbased_always_off' }
  | { type: 'traceidratio' | 'parentbased_traceidratio'; ratio: number };

export interface TracingSettings {
  /** Resource attribute service.name: OTEL_SERVICE_NAME, else the operator's name (OTEL_RESOURCE_ATTRIBUTES may add more). */
  serviceName: string;
  exporters: TraceExporterName[];
  sampler: SamplerSetting;
  /** The batch span processor's OTEL_BSP_* settings that were set. */
  batch: { scheduledDelayMillis?: number; exportTimeoutMillis?: number; maxQueueSize?: number; maxExportBatchSize?: number };
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
/** The OTLP exporter in use speaks protobuf over HTTP, the specification's default protocol. */
const SUPPORTED_PROTOCOL = 'http/protobuf';

/** undefined: tracing is off. Throws on a value that cannot work, naming the variable. */
export function tracingSettings(operatorName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings | undefined {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return undefined;
  const exporters = exportersFrom(env);
  if (exporters.length === 0) return undefined;
  if (exporters.includes('otlp')) {
    const protocol = (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] || env['OTEL_EXPORTER_OTLP_PROTOCOL'] || SUPPORTED_PROTOCOL).trim();
    if (protocol !== SUPPORTED_PROTOCOL) throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL: "${protocol}" is not supported; only ${SUPPORTED_PROTOCOL}`);
  }
  const batch: TracingSettings['batch'] = {};
  const variables = { scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY', exportTimeoutMillis: 'OTEL_BSP_EXPORT_TIMEOUT', maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE', maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE' } as const;
  for (const [key, variable] of Object.entries(variables) as [keyof typeof variables, string][]) {
    const value = nonNegativeInteger(env, variable);
    if (value !== undefined) batch[key] = value;
  }
  return { serviceName: env['OTEL_SERVICE_NAME']?.trim() || operatorName, exporters, sampler: samplerFrom(env), batch };
}

function exportersFrom(env: NodeJS.ProcessEnv): TraceExporterName[] {
  const listed = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (listed.length === 0) return env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? ['otlp'] : [];
  if (listed.includes('none')) return [];
  for (const name of listed) if (name !== 'otlp' && name !== 'console') throw new Error(`OTEL_TRACES_EXPORTER: unknown exporter "${name}" (known: otlp, console, none)`);
  return [...new Set(listed as TraceExporterName[])];
}

function samplerFrom(env: NodeJS.ProcessEnv): SamplerSetting {
  const type = (env['OTEL_TRACES_SAMPLER']?.trim().toLowerCase() || 'parentbased_always_on') as (typeof SAMPLERS)[number];
  if (!SAMPLERS.includes(type)) throw new Error(`OTEL_TRACES_SAMPLER: unknown sampler "${type}" (known: ${SAMPLERS.join(', ')})`);
  if (type !== 'traceidratio' && type !== 'parentbased_traceidratio') return { type };
  const arg = env['OTEL_TRACES_SAMPLER_ARG']?.trim();
  const ratio = arg ? Number(arg) : 1;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`OTEL_TRACES_SAMPLER_ARG: "${arg}" is not a ratio between 0 and 1`);
  return { type, ratio };
}

function nonNegativeInteger(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const raw = env[variable]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${variable}: "${raw}" is not a non-negative integer`);
  return value;
}
