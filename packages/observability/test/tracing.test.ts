import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startTracing, withSpan, type Tracing } from '../src/index.ts';
import { capture } from './support/capture-stream.ts';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.ts';

let receiver: OtlpReceiver;
let tracing: Tracing;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing({ serviceName: 'facilflow-test', roles: ['web', 'ingest'], endpoint: `${receiver.url}/` });
});
afterAll(async () => {
  await tracing?.shutdown();
  await receiver?.close();
});

describe('startTracing', () => {
  it('is a no-op without an endpoint', async () => {
    const off = startTracing({ serviceName: 'x', roles: [], endpoint: undefined });
    expect(off.enabled).toBe(false);
    await off.shutdown();
  });

  it('exports nested spans over OTLP/HTTP, parent links and errors kept', async () => {
    expect(tracing.enabled).toBe(true);
    const out = capture();
    const log = createLogger({ name: 'test', destination: out.stream });
    log.info('before');
    await withSpan('outer', { 'facilflow.tenant': 't1' }, () =>
      withSpan('inner', {}, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        log.info('inside');
      }),
    );
    await expect(withSpan('failing', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await tracing.flush();

    const spans = receiver.spans();
    const outer = spans.find((s) => s.name === 'outer');
    const inner = spans.find((s) => s.name === 'inner');
    expect(outer).toMatchObject({ parentSpanId: '', serviceName: 'facilflow-test', attributes: { 'facilflow.tenant': 't1' } });
    expect(inner).toMatchObject({ traceId: outer?.traceId, parentSpanId: outer?.spanId });
    const failing = spans.find((s) => s.name === 'failing');
    expect(failing?.traceId).not.toBe(outer?.traceId);
    // A line logged under a span names it, so logs and traces lead to each other.
    const [before, inside] = out.lines();
    expect(before).not.toHaveProperty('traceId');
    expect(inside).toMatchObject({ msg: 'inside', traceId: inner?.traceId, spanId: inner?.spanId });
  });
});
