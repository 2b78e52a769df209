import { z } from 'zod';

/**
 * Event-time progress of one input. The watermark W says "rows with time < W have all arrived":
 * it is the largest event time seen minus the allowed out-of-orderness, or what the executor
 * announced through `advance()` (how an idle source still closes windows), whichever is later.
 * It never goes back.
 */
export class WatermarkTracker {
  private maxEventTime: number;
  private watermark: number;

  constructor(
    private readonly maxOutOfOrderMs: number,
    state?: WatermarkState,
  ) {
    this.maxEventTime = decodeTime(state?.maxEventTime ?? null);
    this.watermark = decodeTime(state?.watermark ?? null);
  }

  get current(): number {
    return this.watermark;
  }

  /** True for a row whose time the watermark has already passed. */
  isBehind(time: number): boolean {
    return time < this.watermark;
  }

  observe(time: number): void {
    if (time > this.maxEventTime) this.maxEventTime = time;
    this.advanceTo(this.maxEventTime - this.maxOutOfOrderMs);
  }

  advanceTo(watermark: number): void {
    if (watermark > this.watermark) this.watermark = watermark;
  }

  snapshot(): WatermarkState {
    return { maxEventTime: encodeTime(this.maxEventTime), watermark: encodeTime(this.watermark) };
  }
}

/** Infinite times do not survive JSON: -∞ (nothing seen yet) is null, +∞ (the input ended) is "end". */
const encodedTimeSchema = z.union([z.number(), z.literal('end'), z.null()]);
export type EncodedTime = z.infer<typeof encodedTimeSchema>;

export const watermarkStateSchema = z.object({ maxEventTime: encodedTimeSchema, watermark: encodedTimeSchema });
export type WatermarkState = z.infer<typeof watermarkStateSchema>;

function encodeTime(time: number): EncodedTime {
  if (time === Number.POSITIVE_INFINITY) return 'end';
  if (time === Number.NEGATIVE_INFINITY) return null;
  return time;
}

function decodeTime(time: EncodedTime): number {
  if (time === 'end') return Number.POSITIVE_INFINITY;
  if (time === null) return Number.NEGATIVE_INFINITY;
  return time;
}

export const maxOutOfOrderSchema = z
  .number()
  .min(0)
  .max(86_400_000)
  .default(0)
  .describe('How far (ms) behind the newest row a row may arrive and still count as on time; the watermark is the newest event time minus this');
