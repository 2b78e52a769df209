import type { PipelineRow } from '@facilflow/contracts';
import type { ComponentDefinition, ComponentServices, StageContext, StageOutput, StreamOperator } from '../../src/index.ts';

/** Services that fail the test if called: the event-time transforms reach nothing outside themselves. */
const refusingServices = new Proxy({} as ComponentServices, {
  get(_target, name) {
    return () => {
      throw new Error(`stream transforms must not call services.${String(name)}`);
    };
  },
});

export function stageContext<Config>(config: Config, overrides: Partial<StageContext<Config>> = {}): StageContext<Config> {
  return {
    config,
    tenantId: 'tenant_test',
    pipelineId: 'pipeline_test',
    runId: 'run_test',
    stageId: 'stage_test',
    attempt: 1,
    params: {},
    range: null,
    vars: new Map(),
    services: refusingServices,
    signal: new AbortController().signal,
    log: () => undefined,
    ...overrides,
  };
}

/** The component's config parsed the way the executor parses `with`. */
export function parseConfig<Config>(component: ComponentDefinition, raw: Record<string, unknown>): Config {
  return component.config.parse(raw) as Config;
}

export interface Collected {
  rows: PipelineRow[];
  late: PipelineRow[];
}

export function collector(): Collected & { add(output: StageOutput): void } {
  const collected = {
    rows: [] as PipelineRow[],
    late: [] as PipelineRow[],
    add(output: StageOutput) {
      collected.rows.push(...output.rows);
      collected.late.push(...(output.ports?.late ?? []));
    },
  };
  return collected;
}

export async function runBatch(component: ComponentDefinition, raw: Record<string, unknown>, inputs: { ref: string; rows: PipelineRow[] }[]): Promise<Collected> {
  if (component.run === undefined) throw new Error(`${component.name} has no batch mode`);
  const output = await component.run(stageContext(parseConfig(component, raw)), inputs);
  return { rows: output.rows, late: output.ports?.late ?? [] };
}

export function openStream(component: ComponentDefinition, raw: Record<string, unknown>, restored?: unknown): StreamOperator {
  if (component.stream === undefined) throw new Error(`${component.name} has no stream mode`);
  return component.stream(stageContext(parseConfig(component, raw)), restored);
}

export type StreamStep = { ref: string; rows: PipelineRow[] } | { watermark: number } | { checkpoint: true };

/**
 * Drives an operator the way the executor does. At a `checkpoint` the state goes through JSON and
 * a fresh operator is built from it, as a restarted worker would after a SIGKILL.
 */
export async function runStream(component: ComponentDefinition, raw: Record<string, unknown>, steps: readonly StreamStep[]): Promise<Collected> {
  const out = collector();
  let operator = openStream(component, raw);
  for (const step of steps) {
    if ('checkpoint' in step) operator = openStream(component, raw, JSON.parse(JSON.stringify(operator.snapshot())));
    else if ('watermark' in step) out.add(await operator.advance(step.watermark));
    else out.add(await operator.process(step.ref, step.rows));
  }
  return { rows: out.rows, late: out.late };
}

/** Splits rows into consecutive chunks at the given cut points (indexes). */
export function chunk<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const sorted = [...new Set(cuts.map((cut) => Math.max(0, Math.min(items.length, cut))))].sort((a, b) => a - b);
  const chunks: T[][] = [];
  let from = 0;
  for (const cut of [...sorted, items.length]) {
    if (cut > from) chunks.push(items.slice(from, cut));
    from = Math.max(from, cut);
  }
  return chunks;
}

/** Output rows in one canonical order, so two runs can be compared whatever order they emitted in. */
export function canonical(rows: readonly PipelineRow[]): PipelineRow[] {
  return [...rows].sort((a, b) => {
    const left = JSON.stringify(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));
    const right = JSON.stringify(Object.entries(b).sort(([x], [y]) => (x < y ? -1 : 1)));
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/**
 * A shuffle that keeps every row within `maxOutOfOrderMs` of the newest one before it: rows are
 * sorted, then each is swapped with a later one only when that keeps the bound. Event times are
 * distinct per test so ties never decide an outcome.
 */
export function shuffleWithin(rows: readonly PipelineRow[], maxOutOfOrderMs: number, random: () => number): PipelineRow[] {
  const result = [...rows].sort((a, b) => Number(a.time) - Number(b.time));
  for (let index = 0; index < result.length - 1; index += 1) {
    const other = index + 1 + Math.floor(random() * Math.min(4, result.length - index - 1));
    const swapped = [...result];
    [swapped[index], swapped[other]] = [swapped[other]!, swapped[index]!];
    if (withinOutOfOrder(swapped, maxOutOfOrderMs)) result.splice(0, result.length, ...swapped);
  }
  return result;
}

function withinOutOfOrder(rows: readonly PipelineRow[], maxOutOfOrderMs: number): boolean {
  let newest = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const time = Number(row.time);
    if (time < newest - maxOutOfOrderMs) return false;
    newest = Math.max(newest, time);
  }
  return true;
}

/** A small seeded generator, so a failing shuffle replays from fast-check's seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
