import type { opcUaSourceSchema } from '@facilflow/contracts';
import type { z } from 'zod';
import { parseEquipmentPath, type PlantModel, type PlantTag } from '../plant-model.ts';

type OpcUaSourceInput = z.input<typeof opcUaSourceSchema>;

/** The design's default mapping: the machine's class is the measurement (Oven2 → `oven`, Filler → `filler`). */
export function plantMeasurementOf(machine: string): string {
  return machine.replace(/\d+$/, '').toLowerCase();
}

/** The tag name is the field; a character a field name may not hold becomes `_`. */
export function plantFieldOf(tag: Pick<PlantTag, 'name'>): string {
  return tag.name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Which thing a point is about: the ISA-95 levels under the enterprise. */
export function plantTagsOf(tag: Pick<PlantTag, 'path'>): Record<string, string> {
  const path = parseEquipmentPath(tag.path);
  return { site: path.site, area: path.area, ...(path.line ? { line: path.line } : {}), machine: path.machine };
}

export interface PlantSourceOptions {
  /** The source id in the agent's config. Default `plant`. */
  id?: string;
  /** Plant seconds per wall second: sampling intervals shrink by it. Default 1. */
  speed?: number;
  publishingIntervalMs?: number;
  /** Report every sample, also unchanged ones (default true), so data quality sees a flatline as flat, not as silence. */
  reportUnchanged?: boolean;
}

/** Every tag of the plant as one OPC UA source of an agent, each sampled at the interval the model gives it. */
export function plantSource(model: PlantModel, endpointUrl: string, options: PlantSourceOptions = {}): OpcUaSourceInput {
  const speed = options.speed ?? 1;
  return {
    id: options.id ?? 'plant',
    kind: 'opcua',
    endpointUrl,
    publishingIntervalMs: options.publishingIntervalMs ?? 200,
    tags: model.tags.map((tag) => ({
      nodeId: tag.nodeId,
      measurement: plantMeasurementOf(parseEquipmentPath(tag.path).machine),
      field: plantFieldOf(tag),
      tags: plantTagsOf(tag),
      samplingIntervalMs: tag.samplingIntervalMs / speed,
      reportUnchanged: options.reportUnchanged ?? true,
    })),
  };
}
