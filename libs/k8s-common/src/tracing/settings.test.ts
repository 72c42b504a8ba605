import { tracingSettings } from './settings.ts';

describe('tracingSettings', () => {
  it('is off without any OTEL_* variable, and when disabled or exporting to none', () => {
    expect(tracingSettings('op', {})).toBeUndefined();
    expect(tracingSettings('op', { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeUndefined();
    expect(tracingSettings('op', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeUndefined();
    // Other signals' variables alone do not turn tracing on.
    expect(tracingSettings('op', { OTEL_SERVICE_NAME: 'x', OTEL_METRICS_EXPORTER: 'otlp' })).toBeUndefined();
  });

  it('turns on OTLP when an endpoint is set, with the defaults of the specification', () => {
    expect(tracingSettings('op', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      serviceName: 'op',
      exporters: ['otlp'],
      sampler: { type: 'parentbased_always_on' },
      batch: {},
    });
    expect(tracingSettings('op', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })?.exporters).toEqual(['otlp']);
  });

  it('takes the exporters, service name, sampler and batch settings from their variables', () => {
    expect(
      tracingSettings('op', {
        OTEL_TRACES_EXPORTER: 'console, otlp,console',
        OTEL_SERVICE_NAME: 'my-operator',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64',
      }),
    ).toEqual({
      serviceName: 'my-operator',
      exporters: ['console', 'otlp'],
      sampler: { type: 'parentbased_traceidratio', ratio: 0.25 },
      batch: { scheduledDelayMillis: 200, maxExportBatchSize: 64 },
    });
    expect(tracingSettings('op', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'traceidratio' })?.sampler).toEqual({ type: 'traceidratio', ratio: 1 });
  });

  it('rejects what cannot work, naming the variable', () => {
    expect(() => tracingSettings('op', { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER: unknown exporter "zipkin"/);
    expect(() => tracingSettings('op', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported/);
    expect(() => tracingSettings('op', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' })).toThrow(/only http\/protobuf/);
    expect(() => tracingSettings('op', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER: unknown sampler/);
    expect(() => tracingSettings('op', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => tracingSettings('op', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_BSP_SCHEDULE_DELAY: '-1' })).toThrow(/OTEL_BSP_SCHEDULE_DELAY: "-1"/);
    // The protocol matters only to the OTLP exporter.
    expect(tracingSettings('op', { OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })?.exporters).toEqual(['console']);
  });
});
