import type { TelemetryPoint } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { httpRequestSource } from '../../src/components/sources/http-request.ts';
import { liveStreamSource, selectLivePoints } from '../../src/components/sources/live-stream.ts';
import { timeSeriesQuerySource } from '../../src/components/sources/timeseries-query.ts';
import { RecordingServices, stageContext } from './recording-services.ts';

describe('source.timeseries-query', () => {
  it('binds the run range as $from and $to beside its own params', async () => {
    const services = new RecordingServices();
    services.queryAnswer = [{ time: 1, machine: 'Oven2', ZoneTemperature1: 231 }];
    const config = timeSeriesQuerySource.config.parse({ sql: 'SELECT * FROM oven WHERE time >= $from AND time < $to AND machine = $machine', params: { machine: 'Oven2' } });
    const output = await timeSeriesQuerySource.run!(stageContext(config, services, { range: { from: Date.UTC(2026, 11, 1), to: Date.UTC(2026, 11, 2) } }), []);
    expect(output.rows).toEqual(services.queryAnswer);
    expect(services.queries[0]?.params).toEqual({ machine: 'Oven2', from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' });
  });

  it('refuses an empty query', () => {
    expect(timeSeriesQuerySource.config.safeParse({ sql: '' }).success).toBe(false);
  });
});

describe('source.live-stream', () => {
  const points: TelemetryPoint[] = [
    { m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 210, Door: 'closed' }, t: 1000 },
    { m: 'oven', tags: { machine: 'Oven2' }, f: { ZoneTemperature1: 231.5 }, t: 1000.25 },
    { m: 'oven', tags: { machine: 'Oven2' }, f: { Door: 'open' }, t: 2000 },
    { m: 'press', tags: { machine: 'Press1' }, f: { ZoneTemperature1: 40 }, t: 1000 },
  ];

  it('keeps the measurement, the matching tags and the selected fields, and drops points with none of them', () => {
    const selection = liveStreamSource.config.parse({ measurement: 'oven', tags: { machine: 'Oven2' }, fields: ['ZoneTemperature1'] });
    expect(selectLivePoints(selection, points)).toEqual([{ time: 1000.25, machine: 'Oven2', ZoneTemperature1: 231.5 }]);
  });

  it('takes every field when none is named', () => {
    const selection = liveStreamSource.config.parse({ measurement: 'oven' });
    expect(selectLivePoints(selection, points)).toHaveLength(3);
    expect(selectLivePoints(selection, points)[0]).toEqual({ time: 1000, machine: 'Oven1', ZoneTemperature1: 210, Door: 'closed' });
  });

  it('runs as a batch over the run\'s range: the stored points, selected as the live stream selects them', async () => {
    const services = new RecordingServices();
    services.storedPoints = points;
    const config = liveStreamSource.config.parse({ measurement: 'oven', tags: { machine: 'Oven2' }, fields: ['ZoneTemperature1'] });
    const range = { from: 0, to: 5000 };
    const output = await liveStreamSource.run!(stageContext(config, services, { range }), []);
    expect(output.rows).toEqual([{ time: 1000.25, machine: 'Oven2', ZoneTemperature1: 231.5 }]);
    expect(services.pointReads).toEqual([{ selection: config, range }]);
  });

  it('refuses a batch run without a range, naming what to give', async () => {
    const config = liveStreamSource.config.parse({ measurement: 'oven' });
    await expect(liveStreamSource.run!(stageContext(config, new RecordingServices()), [])).rejects.toThrow(/give the run a range/);
  });
});

describe('source.http-request', () => {
  it('turns the array at rowsPath into rows, flattening nested objects', async () => {
    const services = new RecordingServices();
    services.httpAnswers = [{ status: 200, headers: {}, body: JSON.stringify({ data: { orders: [{ id: 'A1', qty: 5, line: { name: 'Line1' }, tags: ['x'] }] } }) }];
    const config = httpRequestSource.config.parse({ url: 'https://mes.example.com/orders', rowsPath: ['data', 'orders'] });
    const output = await httpRequestSource.run!(stageContext(config, services), []);
    expect(output.rows).toEqual([{ id: 'A1', qty: 5, 'line.name': 'Line1', tags: '["x"]' }]);
    expect(services.requests[0]).toMatchObject({ method: 'GET', url: 'https://mes.example.com/orders' });
  });

  it('fails on an error status and on a missing path', async () => {
    const services = new RecordingServices();
    services.httpAnswers = [
      { status: 503, headers: {}, body: '' },
      { status: 200, headers: {}, body: '{"items":[]}' },
    ];
    const config = httpRequestSource.config.parse({ url: 'https://mes.example.com/orders', rowsPath: ['orders'] });
    await expect(httpRequestSource.run!(stageContext(config, services), [])).rejects.toThrow(/answered 503/);
    await expect(httpRequestSource.run!(stageContext(config, services), [])).rejects.toThrow(/has no "orders"/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(httpRequestSource.config.safeParse({ url: 'file:///etc/passwd' }).success).toBe(false);
  });
});
