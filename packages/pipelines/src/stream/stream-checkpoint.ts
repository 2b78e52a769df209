/**
 * What a stream pipeline saves at each checkpoint of its input: every stage's state and the
 * watermark reached. Restored with the input replayed from the same position, the pipeline
 * emits what it would have emitted without the interruption, under the same emission numbers.
 */
export interface StreamCheckpoint {
  format: 1;
  /** Event time every stage has been told it reached (epoch ms), null before the first advance. */
  watermark: number | null;
  /** By stage id: what the stage's operator snapshot() returned. */
  stages: Record<string, unknown>;
}
