import type { PipelineRow, TelemetryPoint } from '@facilflow/contracts';

/**
 * What stages reach outside themselves through, bound by the executor to the run's tenant: a
 * component never sees another tenant's store, secrets or pipelines.
 */
export interface ComponentServices {
  /** One read-only SELECT on the tenant's time-series store, `$from`/`$to` bound to the run's range. */
  queryTimeSeries(sql: string, params: Record<string, string | number | boolean | null>, signal: AbortSignal): Promise<PipelineRow[]>;
  /**
   * The points of one measurement over a range, as ingest wrote them (tags and fields told
   * apart), oldest first: what a live-stream source reads when its pipeline runs as a batch.
   */
  readPoints(
    selection: { measurement: string; tags: Readonly<Record<string, string>>; fields: readonly string[] },
    range: { from: number; to: number },
    signal: AbortSignal,
  ): Promise<TelemetryPoint[]>;
  /**
   * Writes rows to a derived measurement (registered in the schema registry, lineage recorded).
   * With `batch`, the write is exactly-once for that (source, seq), as ingest's are: a stream
   * stage replaying from its checkpoint after a crash numbers its emissions the same way, so
   * what it wrote before the crash is not written twice.
   */
  writeTimeSeries(
    write: { measurement: string; tagColumns: readonly string[]; fieldColumns: readonly string[]; rows: readonly PipelineRow[]; batch?: { source: string; seq: number } },
    signal: AbortSignal,
  ): Promise<{ written: number }>;
  /** An outbound HTTP request to an allowed host (the tenant's allow-list), body and time bounded. */
  httpRequest(
    request: { method: string; url: string; headers: Record<string, string>; body?: string },
    signal: AbortSignal,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  /** Stores a file under the tenant's object-storage prefix; returns its key. */
  putObject(key: string, bytes: Uint8Array, contentType: string, signal: AbortSignal): Promise<{ key: string }>;
  /**
   * HMAC-SHA256 (hex) of a body with the pipeline's outbound signing secret, which the platform
   * keeps and never hands to a stage or puts in a spec: receivers of `sink.webhook` verify it.
   */
  signPayload(body: string): string;
  /** Emits pipeline events (the alerts engine turns them into alerts). */
  emitEvents(events: readonly PipelineRow[], signal: AbortSignal): Promise<void>;
}
