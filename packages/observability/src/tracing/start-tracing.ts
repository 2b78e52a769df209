import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, resources } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  serviceName: string;
  roles: readonly string[];
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. Unset: no tracing. */
  endpoint: string | undefined;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Sends the spans ended so far (they are otherwise batched for up to 5 s). */
  flush(): Promise<void>;
  /** Flushes, then stops exporting. */
  shutdown(): Promise<void>;
}

const DISABLED: Tracing = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

/**
 * Registers OpenTelemetry's Node SDK as the global tracer provider (and its async context
 * manager, which is what makes a span the parent of those started in what it awaits). Only
 * traces: metrics are Prometheus' (/metrics) and logs are stdout, so the SDK's own OTLP metric
 * and log exporters, which it would otherwise start from the same variables, are turned off.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (!options.endpoint) return DISABLED;
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const processor = new BatchSpanProcessor(exporter);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ 'facilflow.roles': options.roles.join(',') })),
    spanProcessors: [processor],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    flush: () => processor.forceFlush(),
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
}
