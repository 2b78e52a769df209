import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { eventSink } from '../../src/components/sinks/event.ts';
import { objectExportSink } from '../../src/components/sinks/object-export.ts';
import { rowsToCsv } from '../../src/components/sinks/rows-to-csv.ts';
import { timeSeriesWriteSink } from '../../src/components/sinks/timeseries-write.ts';
import { SIGNATURE_HEADER, webhookSink } from '../../src/components/sinks/webhook.ts';
import { RecordingServices, stageContext } from './recording-services.ts';

const rows = [
  { time: Date.UTC(2026, 11, 1, 6), line: 'Line1', energy_kwh: 120.5, running: true },
  { time: Date.UTC(2026, 11, 1, 7), line: 'Line2', energy_kwh: null, running: false },
];

describe('sink.timeseries-write', () => {
  it('writes the rows with their tag and field columns and passes them on', async () => {
    const services = new RecordingServices();
    const config = timeSeriesWriteSink.config.parse({ measurement: 'energy_1h', tags: ['line'], fields: ['energy_kwh'] });
    const output = await timeSeriesWriteSink.run!(stageContext(config, services), [{ ref: 'source', rows }]);
    expect(services.writes).toEqual([{ measurement: 'energy_1h', tagColumns: ['line'], fieldColumns: ['energy_kwh'], rows }]);
    expect(output.rows).toEqual(rows);
  });

  it('refuses a column that is both a tag and a field, and a bad measurement name', () => {
    expect(timeSeriesWriteSink.config.safeParse({ measurement: 'm', tags: ['line'], fields: ['line'] }).success).toBe(false);
    expect(timeSeriesWriteSink.config.safeParse({ measurement: '1m avg', fields: ['x'] }).success).toBe(false);
  });
});

describe('sink.webhook', () => {
  it('signs each body with the pipeline secret and sends batchSize rows per request', async () => {
    const services = new RecordingServices('s3cret');
    const config = webhookSink.config.parse({ url: 'https://hooks.example.com/in', batchSize: 1 });
    await webhookSink.run!(stageContext(config, services), [{ ref: 'source', rows }]);
    expect(services.requests).toHaveLength(2);
    for (const request of services.requests) {
      const expected = createHmac('sha256', 's3cret').update(request.body ?? '').digest('hex');
      expect(request.headers[SIGNATURE_HEADER]).toBe(`sha256=${expected}`);
    }
    expect(JSON.parse(services.requests[1]?.body ?? '{}')).toMatchObject({ deliveryId: 'run-1:stage:1', rows: [rows[1]] });
  });

  it('retries a 503 and a network failure, but not a 400', async () => {
    const services = new RecordingServices();
    services.httpAnswers = [{ status: 503, headers: {}, body: '' }, new Error('ECONNRESET'), { status: 204, headers: {}, body: '' }];
    const config = webhookSink.config.parse({ url: 'https://hooks.example.com/in', attempts: 3, retryDelayMs: 0 });
    await webhookSink.run!(stageContext(config, services), [{ ref: 'source', rows }]);
    expect(services.requests).toHaveLength(3);

    const refused = new RecordingServices();
    refused.httpAnswers = [{ status: 400, headers: {}, body: '' }];
    await expect(webhookSink.run!(stageContext(config, refused), [{ ref: 'source', rows }])).rejects.toThrow(/answered 400/);
    expect(refused.requests).toHaveLength(1);
  });

  it('gives up after its attempts', async () => {
    const services = new RecordingServices();
    services.httpAnswers = [{ status: 500, headers: {}, body: '' }, { status: 500, headers: {}, body: '' }];
    const config = webhookSink.config.parse({ url: 'https://hooks.example.com/in', attempts: 2, retryDelayMs: 0 });
    await expect(webhookSink.run!(stageContext(config, services), [{ ref: 'source', rows }])).rejects.toThrow(/500 \(2 attempts\)/);
  });

  it('stops waiting to retry when the run is cancelled', async () => {
    const services = new RecordingServices();
    services.httpAnswers = [{ status: 503, headers: {}, body: '' }];
    const controller = new AbortController();
    const config = webhookSink.config.parse({ url: 'https://hooks.example.com/in', attempts: 5, retryDelayMs: 60_000 });
    const delivery = webhookSink.run!(stageContext(config, services, { signal: controller.signal }), [{ ref: 'source', rows }]);
    setImmediate(() => controller.abort(new Error('cancelled')));
    await expect(delivery).rejects.toThrow('cancelled');
  });
});

describe('sink.object-export', () => {
  it('writes CSV with a header, quoting and formula-safe text', () => {
    expect(rowsToCsv([{ a: 'x,y', b: '=cmd()', c: null }], ['a', 'b', 'c'])).toBe('a,b,c\r\n"x,y",\'=cmd(),\r\n');
  });

  it('writes a Parquet file that DuckDB reads back, at the key with the range date', async () => {
    const services = new RecordingServices();
    const config = objectExportSink.config.parse({ format: 'parquet', key: 'exports/energy/{date}.parquet' });
    const output = await objectExportSink.run!(stageContext(config, services, { range: { from: Date.UTC(2026, 11, 1), to: Date.UTC(2026, 11, 2) } }), [{ ref: 'energy', rows }]);
    const stored = services.objects.get('exports/energy/2026-12-01.parquet');
    expect(stored?.contentType).toBe('application/vnd.apache.parquet');
    expect(output.rows[0]).toMatchObject({ key: 'exports/energy/2026-12-01.parquet', rows: 2, format: 'parquet' });

    const dir = await mkdtemp(join(tmpdir(), 'ff-parquet-'));
    try {
      const file = join(dir, 'out.parquet');
      await writeFile(file, stored?.bytes ?? new Uint8Array());
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const reader = await connection.runAndReadAll(`SELECT epoch_ms("time") AS t, line, energy_kwh, running FROM read_parquet('${file}') ORDER BY t`);
      expect(reader.getRowObjectsJson()).toEqual([
        { t: String(rows[0]?.time), line: 'Line1', energy_kwh: 120.5, running: true },
        { t: String(rows[1]?.time), line: 'Line2', energy_kwh: null, running: false },
      ]);
      connection.closeSync();
      instance.closeSync();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names {date} by the calendar day of the range start in the time zone given', async () => {
    const services = new RecordingServices();
    const config = objectExportSink.config.parse({ format: 'csv', key: 'exports/energy/{date}.csv', timezone: 'Europe/Berlin' });
    // Berlin's 2 December starts at 23:00Z on the 1st.
    const output = await objectExportSink.run!(stageContext(config, services, { range: { from: Date.UTC(2026, 11, 1, 23), to: Date.UTC(2026, 11, 2, 23) } }), [{ ref: 'energy', rows }]);
    expect(output.rows[0]).toMatchObject({ key: 'exports/energy/2026-12-02.csv' });
    expect(objectExportSink.config.safeParse({ key: 'x.csv', timezone: 'Mars/Olympus' }).success).toBe(false);
  });

  it('refuses keys that climb out of the prefix', () => {
    expect(objectExportSink.config.safeParse({ key: '../other-tenant/x.csv' }).success).toBe(false);
    expect(objectExportSink.config.safeParse({ key: 'a//b.csv' }).success).toBe(false);
  });
});

describe('sink.event', () => {
  it('emits one event per row with its title filled in and its key', async () => {
    const services = new RecordingServices();
    const config = eventSink.config.parse({ severity: 'critical', title: '{line} used {energy_kwh} kWh ({missing})', keyColumns: ['line'] });
    const output = await eventSink.run!(stageContext(config, services), [{ ref: 'source', rows: rows.slice(0, 1) }]);
    expect(services.events).toEqual(output.rows);
    expect(output.rows[0]).toMatchObject({ severity: 'critical', title: 'Line1 used 120.5 kWh ({missing})', key: 'line=Line1' });
  });

  it('sends nothing for no rows', async () => {
    const services = new RecordingServices();
    await eventSink.run!(stageContext(eventSink.config.parse({ title: 'x' }), services), [{ ref: 'source', rows: [] }]);
    expect(services.events).toEqual([]);
  });
});
