import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/** The tracer every FacilFlow span comes from; a no-op until startTracing registers an SDK. */
export const tracer = () => trace.getTracer('facilflow');

/**
 * Runs `fn` inside a span that is the active one for everything `fn` awaits (child spans
 * nest under it), and ends it with the error recorded when `fn` throws.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
