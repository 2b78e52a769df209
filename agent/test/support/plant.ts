import type { opcUaSourceSchema } from '@facilflow/contracts';
import { createTagSignal, loadPlantModel, parseEquipmentPath, type PlantModel, type PlantTag, type TagSignal, type TagValue } from '@facilflow/simulator';
import type { z } from 'zod';

export const demoPlant: PlantModel = await loadPlantModel();

/** A simulated instant to start the plant clock at, so source timestamps are on a known grid. */
export const PLANT_START = Date.UTC(2026, 0, 5, 6, 0, 0);

/** The machine's class names the measurement (Oven2 → oven), the tag name the field: the design's default mapping. */
export function measurementOf(machine: string): string {
  return machine.replace(/\d+$/, '').toLowerCase();
}

type SourceInput = z.input<typeof opcUaSourceSchema>;

/**
 * The demo plant as one OPC UA source of an agent config, every tag sampled at its own interval
 * of plant time: divided by `speed`, the simulator's plant seconds per wall second.
 */
export function plantSource(endpointUrl: string, overrides: Partial<SourceInput> = {}, speed = 1): SourceInput {
  return {
    id: 'plant',
    kind: 'opcua',
    endpointUrl,
    publishingIntervalMs: 200,
    tags: demoPlant.tags.map((tag) => {
      const path = parseEquipmentPath(tag.path);
      return {
        nodeId: tag.nodeId,
        measurement: measurementOf(path.machine),
        field: tag.name,
        tags: { site: path.site, area: path.area, ...(path.line ? { line: path.line } : {}), machine: path.machine },
        samplingIntervalMs: tag.samplingIntervalMs / speed,
      };
    }),
    ...overrides,
  };
}

/** The simulator's synthetic scale-mode tags (Objects/Bench) as a source: one `bench` measurement, a field per tag. */
export function benchSource(id: string, endpointUrl: string, nodeIds: readonly string[], samplingIntervalMs: number, overrides: Partial<SourceInput> = {}): SourceInput {
  return {
    id,
    kind: 'opcua',
    endpointUrl,
    publishingIntervalMs: 250,
    tags: nodeIds.map((nodeId) => {
      const [, group = '', tag = ''] = /Group_(\d+)\.Tag_(\d+)$/.exec(nodeId) ?? [];
      return { nodeId, measurement: 'bench', field: `value`, tags: { group, tag }, samplingIntervalMs };
    }),
    ...overrides,
  };
}

export interface ReceivedPoint {
  m: string;
  tags: Record<string, string>;
  f: Record<string, number | boolean | string>;
  t: number;
}

/** The plant tag a point came from, found by its machine and field. */
export function plantTagOf(point: ReceivedPoint): PlantTag {
  const field = Object.keys(point.f)[0];
  const { area, line, machine } = point.tags;
  const tail = `.${[area, line, machine].filter((level) => level !== undefined).join('.')}`;
  const tag = demoPlant.tags.find((t) => t.name === field && t.path.endsWith(tail));
  if (!tag) throw new Error(`no plant tag for ${JSON.stringify(point)}`);
  return tag;
}

/** What the simulator serves for that tag at that source timestamp (its sample index), for `seed`. */
export function expectedValue(tag: PlantTag, sourceTimestamp: number, seed: number): { k: number; value: TagValue } {
  const k = (sourceTimestamp - PLANT_START) / tag.samplingIntervalMs;
  const key = `${seed}|${tag.nodeId}`;
  let signal = signals.get(key);
  if (!signal) {
    signal = createTagSignal(tag, seed);
    signals.set(key, signal);
  }
  return { k, value: signal.sample(k) };
}

const signals = new Map<string, TagSignal>();
