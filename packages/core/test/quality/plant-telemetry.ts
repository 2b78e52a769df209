import type { TelemetryPoint } from '@facilflow/contracts';
import { createTagSignal, parseEquipmentPath, plantFieldOf, plantMeasurementOf, plantTagsOf, type PlantModel, type TagSignal } from '@facilflow/simulator';

/**
 * The demo plant's telemetry as the demo agent publishes it (one point per sample, mapped by
 * the simulator's own mapping), computed from the simulator's own signals: the same (tag, seed,
 * sample) always gives the same value, so two consumers can be fed the same data in any shape.
 * `copies` > 1 plays the plant several times over (tag `copy`), each copy with its own noise.
 */
export interface PlantTelemetry {
  /** Every sample with startMs + fromS·1000 ≤ t < startMs + toS·1000, in timestamp order. */
  between(fromS: number, toS: number): TelemetryPoint[];
}

interface TagStream {
  signal: TagSignal;
  measurement: string;
  field: string;
  tags: Record<string, string>;
}

export function plantTelemetry(model: PlantModel, options: { startMs: number; seed: number; copies?: number }): PlantTelemetry {
  const copies = options.copies ?? 1;
  const streams: TagStream[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const tag of model.tags) {
      const tags = plantTagsOf(tag);
      streams.push({
        signal: createTagSignal(tag, options.seed + copy),
        measurement: plantMeasurementOf(parseEquipmentPath(tag.path).machine),
        field: plantFieldOf(tag),
        tags: copies > 1 ? { ...tags, copy: String(copy) } : tags,
      });
    }
  }
  return {
    between(fromS, toS) {
      const points: TelemetryPoint[] = [];
      for (const stream of streams) {
        const interval = stream.signal.intervalMs;
        const last = Math.ceil((toS * 1000) / interval);
        for (let k = Math.ceil((fromS * 1000) / interval); k < last; k++) {
          points.push({ m: stream.measurement, tags: stream.tags, f: { [stream.field]: stream.signal.sample(k) }, t: options.startMs + k * interval });
        }
      }
      return points.sort((a, b) => a.t - b.t);
    },
  };
}
