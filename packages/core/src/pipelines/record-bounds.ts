import { STEP_SAMPLE_ROWS, type PipelineRow } from '@facilflow/contracts';

/** What the run recorder keeps at most, so a run's record stays small whatever its stages read. */
export const RECORD_BOUNDS = Object.freeze({
  sampleRows: STEP_SAMPLE_ROWS,
  /** Longer strings in a sample are cut, marked with an ellipsis. */
  sampleStringChars: 1024,
  /** One sample's JSON; rows past it are left out. */
  sampleBytes: 64 * 1024,
  /** A kept output (every port together) larger than either is declined, and a replay recomputes it. */
  keptRows: 5_000,
  keptBytes: 2 * 1024 * 1024,
});

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function cutStrings(row: PipelineRow): PipelineRow {
  const cut: PipelineRow = {};
  for (const [key, value] of Object.entries(row)) {
    cut[key] = typeof value === 'string' && value.length > RECORD_BOUNDS.sampleStringChars ? `${value.slice(0, RECORD_BOUNDS.sampleStringChars)}…` : value;
  }
  return cut;
}

/** The first rows, their long strings cut, as many as fit the sample's byte bound. */
export function boundSample(rows: readonly PipelineRow[]): PipelineRow[] {
  const sample: PipelineRow[] = [];
  let bytes = 2;
  for (const row of rows.slice(0, RECORD_BOUNDS.sampleRows)) {
    const cut = cutStrings(row);
    bytes += jsonBytes(cut) + 1;
    if (bytes > RECORD_BOUNDS.sampleBytes) break;
    sample.push(cut);
  }
  return sample;
}

/** The output's size when it fits the kept-output bounds, or null when it does not. */
export function keptOutputSize(output: { rows: readonly PipelineRow[]; ports: Record<string, readonly PipelineRow[]> }): { rows: number; bytes: number } | null {
  const rows = output.rows.length + Object.values(output.ports).reduce((sum, port) => sum + port.length, 0);
  if (rows > RECORD_BOUNDS.keptRows) return null;
  const bytes = jsonBytes(output.rows) + jsonBytes(output.ports);
  return bytes > RECORD_BOUNDS.keptBytes ? null : { rows, bytes };
}
