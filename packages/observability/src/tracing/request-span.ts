import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { tracer } from './with-span.ts';

export interface RequestSpan {
  /** Runs `fn` with this span active: what `fn` starts (and what it awaits) nests under it and logs its trace id. */
  run<T>(fn: () => T): T;
  end(statusCode: number, failed: boolean): void;
}

/** An HTTP server span, continuing the caller's trace when its headers carry `traceparent`. */
export function startRequestSpan(name: string, headers: IncomingHttpHeaders, attributes: Attributes): RequestSpan {
  const callerContext = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, callerContext);
  const spanContext = trace.setSpan(callerContext, span);
  return {
    run: (fn) => context.with(spanContext, fn),
    end(statusCode, failed) {
      span.setAttribute('http.response.status_code', statusCode);
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
