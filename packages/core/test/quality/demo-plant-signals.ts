import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TelemetryPoint } from '@facilflow/contracts';

/**
 * Synthetic telemetry that behaves like the demo plant (`packages/simulator/plants/demo-plant.json`):
 * the same tags, sampling intervals, behaviours and faults, with deterministic seeded noise,
 * mapped the way the demo agent maps tags (measurement = machine class lowercased without
 * digits, field = tag name, tags { enterprise, site, area, line?, machine }).
 */

interface Fault {
  kind: 'drift' | 'flatline' | 'spike';
  afterS?: number;
  ratePerMin?: number;
  durationS?: number;
  everyS?: number;
  value?: number;
}

interface Behavior {
  kind: 'sine' | 'randomWalk' | 'setpoint' | 'constant' | 'duty' | 'states' | 'counter' | 'normal';
  mean?: number;
  amplitude?: number;
  periodS?: number;
  noise?: number;
  start?: number;
  step?: number;
  min?: number;
  max?: number;
  setpoint?: number;
  value?: number | boolean | string;
  onS?: number;
  offS?: number;
  values?: string[];
  dwellS?: number[];
  incrementEveryS?: number;
  ratePerS?: number;
  stddev?: number;
  fault?: Fault;
}

export interface PlantTag {
  path: string;
  name: string;
  nodeId: string;
  dataType: string;
  range: { min: number | null; max: number | null };
  samplingIntervalMs: number;
  behavior: Behavior;
}

export interface PlantModel {
  enterprise: string;
  site: string;
  tags: PlantTag[];
}

// By path, not through @facilflow/simulator: core does not depend on the simulator, and its
// tests read only the plant's facts, not the OPC UA server that plays them.
const DEMO_PLANT = new URL('../../../simulator/plants/demo-plant.json', import.meta.url);

export function loadDemoPlant(): PlantModel {
  const path = process.env.FACILFLOW_PLANT_MODEL ?? fileURLToPath(DEMO_PLANT);
  return JSON.parse(readFileSync(path, 'utf8')) as PlantModel;
}

/** Where the demo agent puts a tag's values. */
export function mapTag(tag: PlantTag): { measurement: string; field: string; tags: Record<string, string> } {
  const parts = tag.path.split('.');
  const [enterprise, site, area] = parts as [string, string, string];
  const machine = parts.at(-1)!;
  const tags: Record<string, string> = { enterprise, site, area };
  if (parts.length === 5) tags.line = parts[3]!;
  tags.machine = machine;
  return { measurement: machine.replace(/\d+/g, '').toLowerCase(), field: tag.name, tags };
}

/** mulberry32: a small seeded generator, plenty for test noise. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** One tag's sample generator: `next(elapsedS)` for consecutive samples. */
function signal(tag: PlantTag, seed: number): (s: number) => number | boolean | string {
  const rand = rng(hash(tag.nodeId) ^ seed);
  const gauss = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const b = tag.behavior;
  let walk = b.start ?? 0;
  let counter = 0;
  let base: (s: number) => number | boolean | string;
  switch (b.kind) {
    case 'sine':
      base = (s) => b.mean! + b.amplitude! * Math.sin((2 * Math.PI * s) / b.periodS!) + (b.noise ?? 0) * gauss();
      break;
    case 'randomWalk':
      base = () => {
        walk = Math.min(b.max!, Math.max(b.min!, walk + (rand() < 0.5 ? -b.step! : b.step!)));
        return Number(walk.toFixed(3));
      };
      break;
    case 'setpoint':
      base = () => b.setpoint! + (b.noise ?? 0) * gauss();
      break;
    case 'constant':
      base = () => b.value!;
      break;
    case 'duty':
      base = (s) => s % (b.onS! + b.offS!) < b.onS!;
      break;
    case 'states': {
      const cycle = b.dwellS!.reduce((x, y) => x + y, 0);
      base = (s) => {
        let r = s % cycle;
        for (let i = 0; i < b.values!.length; i++) {
          if (r < b.dwellS![i]!) return b.values![i]!;
          r -= b.dwellS![i]!;
        }
        return b.values![0]!;
      };
      break;
    }
    case 'counter':
      base = (s) => {
        if (b.incrementEveryS) return Math.floor(s / b.incrementEveryS);
        counter += b.ratePerS! * (tag.samplingIntervalMs / 1000) * (0.5 + rand());
        return Math.floor(counter);
      };
      break;
    case 'normal':
      base = () => b.mean! + b.stddev! * gauss();
      break;
  }
  const fault = b.fault;
  if (!fault) return base;
  if (fault.kind === 'drift') {
    return (s) => {
      const v = base(s) as number;
      return s > fault.afterS! ? v + (fault.ratePerMin! * (s - fault.afterS!)) / 60 : v;
    };
  }
  if (fault.kind === 'flatline') {
    let held: number | boolean | string | undefined;
    return (s) => {
      const v = base(s);
      if (s >= fault.afterS! && s < fault.afterS! + fault.durationS!) return (held ??= v);
      return v;
    };
  }
  const everyMs = fault.everyS! * 1000;
  return (s) => {
    const v = base(s);
    const ms = Math.round(s * 1000);
    return ms > 0 && ms % everyMs < tag.samplingIntervalMs ? fault.value! : v;
  };
}

export interface PlantStreamOptions {
  seed?: number;
  /** Epoch ms of the plant's start. */
  startMs: number;
  /** Only these tags (by predicate). */
  only?: (tag: PlantTag) => boolean;
}

/**
 * Points second by second: `second(s)` returns every sample with s ≤ elapsed < s + 1 (in
 * timestamp order), the way an agent batches them with maxDelayMs = 1000.
 */
export function plantStream(model: PlantModel, options: PlantStreamOptions): { second(s: number): TelemetryPoint[] } {
  const tags = model.tags.filter(options.only ?? (() => true));
  const gens = tags.map((tag) => ({ tag, map: mapTag(tag), next: signal(tag, options.seed ?? 1), k: 0 }));
  return {
    second(s) {
      const out: TelemetryPoint[] = [];
      for (const g of gens) {
        for (;;) {
          const elapsedMs = g.k * g.tag.samplingIntervalMs;
          if (elapsedMs >= (s + 1) * 1000) break;
          const value = g.next(elapsedMs / 1000);
          g.k++;
          if (elapsedMs < s * 1000) continue;
          out.push({ m: g.map.measurement, tags: g.map.tags, f: { [g.map.field]: value }, t: options.startMs + elapsedMs });
        }
      }
      return out.sort((a, b) => a.t - b.t);
    },
  };
}
