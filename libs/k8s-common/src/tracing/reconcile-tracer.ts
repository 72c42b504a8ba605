// One OpenTelemetry span per reconcile. The SDK is loaded only when tracing is on (dynamic imports):
// with it off the manager has no tracer, controllers skip the span altogether, and nothing of
// OpenTelemetry is loaded.
import type { Logger } from '../logging.ts';
import type { SamplerSetting, TracingSettings } from './settings.ts';

/** What identifies one reconcile; becomes the span's attributes. */
export interface ReconcileSpanAttributes {
  controller: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  reconcileID: string;
}

export interface ReconcileSpan {
  /** Runs `fn` with this span as the active one, so spans made inside are its children. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Ends the span with the reconcile's result (the `result` label of the reconcile metrics) and its error, if any. */
  end(result: string, error?: unknown): void;
}

export interface ReconcileTracer {
  startReconcile(attributes: ReconcileSpanAttributes): ReconcileSpan;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/** Span attribute names (k8s.namespace.name is the semantic conventions' own). */
export const RECONCILE_SPAN_ATTRIBUTES = {
  controller: 'reconcile.controller',
  reconcileID: 'reconcile.id',
  result: 'reconcile.result',
  apiVersion: 'k8s.object.api_version',
  kind: 'k8s.object.kind',
  namespace: 'k8s.namespace.name',
  name: 'k8s.object.name',
} as const;

const INSTRUMENTATION_SCOPE = '@operators/k8s-common';

/** Registers a global tracer provider exporting as `settings` says. */
export async function startReconcileTracer(settings: TracingSettings, logger: Logger): Promise<ReconcileTracer> {
  const api = await import('@opentelemetry/api');
  const sdk = await import('@opentelemetry/sdk-trace');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { detectResources, envDetector, resourceFromAttributes } = await import('@opentelemetry/resources');

  // The SDK reports failed exports through its diagnostic logger, silent unless one is set.
  const warn = (message: string, ...args: unknown[]) => logger.warn(`opentelemetry: ${message}`, args.length ? { details: args.map(String) } : {});
  const ignore = () => undefined;
  api.diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, api.DiagLogLevel.WARN);

  const exporters = await Promise.all(
    settings.exporters.map(async (name) => (name === 'console' ? new sdk.ConsoleSpanExporter() : new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter())),
  );
  // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (envDetector) win over the operator's name.
  const resource = resourceFromAttributes({ 'service.name': settings.serviceName }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new sdk.TracerProvider({
    resource,
    sampler: samplerFor(sdk, settings.sampler),
    spanProcessors: exporters.map((exporter) => new sdk.BatchSpanProcessor({ exporter, ...settings.batch })),
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer(INSTRUMENTATION_SCOPE);
  logger.info('tracing reconciles with OpenTelemetry', { exporters: settings.exporters, serviceName: settings.serviceName, sampler: settings.sampler.type });

  return {
    startReconcile(attributes) {
      const span = tracer.startSpan(`reconcile ${attributes.kind}`, {
        kind: api.SpanKind.INTERNAL,
        attributes: {
          [RECONCILE_SPAN_ATTRIBUTES.controller]: attributes.controller,
          [RECONCILE_SPAN_ATTRIBUTES.reconcileID]: attributes.reconcileID,
          [RECONCILE_SPAN_ATTRIBUTES.apiVersion]: attributes.apiVersion,
          [RECONCILE_SPAN_ATTRIBUTES.kind]: attributes.kind,
          [RECONCILE_SPAN_ATTRIBUTES.name]: attributes.name,
          ...(attributes.namespace ? { [RECONCILE_SPAN_ATTRIBUTES.namespace]: attributes.namespace } : {}),
        },
      });
      return {
        run: (fn) => api.context.with(api.trace.setSpan(api.context.active(), span), fn),
        end(result, error) {
          span.setAttribute(RECONCILE_SPAN_ATTRIBUTES.result, result);
          if (error !== undefined) {
            const message = error instanceof Error ? error.message : String(error);
            span.recordException(error instanceof Error ? error : message);
            span.setStatus({ code: api.SpanStatusCode.ERROR, message });
          }
          span.end();
        },
      };
    },
    async shutdown() {
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
      api.diag.disable();
    },
  };
}

type Sdk = typeof import('@opentelemetry/sdk-trace');

function samplerFor(sdk: Sdk, setting: SamplerSetting) {
  const root = (() => {
    switch (setting.type) {
      case 'always_off':
      case 'parentbased_always_off':
        return new sdk.AlwaysOffSampler();
      case 'traceidratio':
      case 'parentbased_traceidratio':
        return new sdk.TraceIdRatioBasedSampler(setting.ratio);
      default:
        return new sdk.AlwaysOnSampler();
    }
  })();
  return setting.type.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
}
