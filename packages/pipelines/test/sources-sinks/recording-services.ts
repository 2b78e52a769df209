import { createHmac } from 'node:crypto';
import type { PipelineRow, TelemetryPoint } from '@facilflow/contracts';
import type { ComponentServices, StageContext } from '../../src/index.ts';

type HttpAnswer = { status: number; headers: Record<string, string>; body: string };

/** Services that keep what stages hand them, answering HTTP from a script of answers. */
export class RecordingServices implements ComponentServices {
  readonly queries: { sql: string; params: Record<string, unknown> }[] = [];
  readonly writes: { measurement: string; tagColumns: readonly string[]; fieldColumns: readonly string[]; rows: readonly PipelineRow[]; batch?: { source: string; seq: number } }[] = [];
  readonly requests: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  readonly objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly events: PipelineRow[] = [];
  queryAnswer: PipelineRow[] = [];
  readonly pointReads: { selection: { measurement: string; tags: Readonly<Record<string, string>>; fields: readonly string[] }; range: { from: number; to: number } }[] = [];
  storedPoints: TelemetryPoint[] = [];
  httpAnswers: (HttpAnswer | Error)[] = [];

  constructor(readonly signingSecret = 'test-secret') {}

  queryTimeSeries(sql: string, params: Record<string, string | number | boolean | null>): Promise<PipelineRow[]> {
    this.queries.push({ sql, params });
    return Promise.resolve(this.queryAnswer);
  }
  readPoints(selection: { measurement: string; tags: Readonly<Record<string, string>>; fields: readonly string[] }, range: { from: number; to: number }): Promise<TelemetryPoint[]> {
    this.pointReads.push({ selection, range });
    return Promise.resolve(this.storedPoints);
  }
  writeTimeSeries(write: { measurement: string; tagColumns: readonly string[]; fieldColumns: readonly string[]; rows: readonly PipelineRow[]; batch?: { source: string; seq: number } }): Promise<{ written: number }> {
    this.writes.push(write);
    return Promise.resolve({ written: write.rows.length });
  }
  httpRequest(request: { method: string; url: string; headers: Record<string, string>; body?: string }): Promise<HttpAnswer> {
    this.requests.push(request);
    const answer = this.httpAnswers.shift() ?? { status: 200, headers: {}, body: '{}' };
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
  putObject(key: string, bytes: Uint8Array, contentType: string): Promise<{ key: string }> {
    this.objects.set(key, { bytes, contentType });
    return Promise.resolve({ key });
  }
  emitEvents(events: readonly PipelineRow[]): Promise<void> {
    this.events.push(...events);
    return Promise.resolve();
  }
  signPayload(body: string): string {
    return createHmac('sha256', this.signingSecret).update(body).digest('hex');
  }
}

export function stageContext<Config>(config: Config, services: ComponentServices, overrides: Partial<StageContext<Config>> = {}): StageContext<Config> {
  return {
    config,
    tenantId: 'tenant-a',
    pipelineId: 'pipe-1',
    runId: 'run-1',
    stageId: 'stage',
    attempt: 1,
    params: {},
    range: null,
    vars: new Map(),
    services,
    signal: new AbortController().signal,
    log: () => undefined,
    ...overrides,
  };
}
