import type { PipelineRow, PipelineSpec, PipelineStage, TelemetryPoint } from '@facilflow/contracts';
import type { ComponentDefinition, StageContext, StageOutput, StreamOperator } from '../components/component.ts';
import { selectLivePoints, type LiveStreamSelection } from '../components/sources/live-stream.ts';
import { buildStreamGraph, type StreamGraph } from './stream-graph.ts';
import type { StreamCheckpoint } from './stream-checkpoint.ts';

const LIVE_STREAM = 'source.live-stream';
const STREAM_INPUT_REF = '$stream';

export interface StreamRunnerOptions {
  spec: PipelineSpec;
  findComponent(name: string): ComponentDefinition | undefined;
  /** The context each stage's operator runs with (tenant, pipeline, services, signal), its config filled in by the runner. */
  contextFor(stage: PipelineStage): Omit<StageContext<unknown>, 'config' | 'stageId'>;
  restored?: StreamCheckpoint | null;
}

/** Rows each stage took and gave in one feed, for metrics and step records. */
export interface StreamStageCount {
  rowsIn: number;
  rowsOut: number;
}

/** A stage that threw: the feed stopped there; what it was given is the poison, for the tenant's dead letters. */
export interface StreamStageFailure {
  stageId: string;
  message: string;
  sample: PipelineRow[];
}

export interface StreamFeedResult {
  counts: Record<string, StreamStageCount>;
  failure: StreamStageFailure | null;
}

export interface StreamRunner {
  /** Feeds what ingest wrote to the live-stream sources and on through the stages. */
  ingest(points: readonly TelemetryPoint[]): Promise<StreamFeedResult>;
  /** Tells every stage that event time reached `watermark` (windows close, also when the sources are idle). */
  advance(watermark: number): Promise<StreamFeedResult>;
  checkpoint(): StreamCheckpoint;
}

interface RunningStage {
  stage: PipelineStage;
  operator: StreamOperator;
  selection: LiveStreamSelection | null;
}

const SAMPLE_ROWS = 20;

/**
 * Runs a stream pipeline incrementally: each stage's operator is created once (from its
 * checkpointed state when there is one) and fed in dependency order, a stage's outputs handed to
 * the stages that need them by the ref they name (`stage` or `stage.port`).
 */
export function createStreamRunner(options: StreamRunnerOptions): StreamRunner {
  const graph: StreamGraph = buildStreamGraph(options.spec);
  let watermark = options.restored?.watermark ?? null;
  const running = new Map<string, RunningStage>();
  for (const stage of graph.order) {
    const component = options.findComponent(stage.use);
    if (!component?.stream) throw new Error(`stage "${stage.id}" uses ${stage.use}, which does not run on a stream`);
    const config: unknown = component.config.parse(stage.with);
    const context = { ...options.contextFor(stage), stageId: stage.id, config };
    const operator = component.stream(context, options.restored?.stages[stage.id] ?? null);
    running.set(stage.id, { stage, operator, selection: stage.use === LIVE_STREAM ? (config as LiveStreamSelection) : null });
  }

  /** Hands a stage's output to its readers and runs them, depth first along the order. */
  async function propagate(from: RunningStage, output: StageOutput, counts: Record<string, StreamStageCount>): Promise<StreamStageFailure | null> {
    const ports: [string, PipelineRow[]][] = [[from.stage.id, output.rows], ...Object.entries(output.ports ?? {}).map(([port, rows]): [string, PipelineRow[]] => [`${from.stage.id}.${port}`, rows])];
    for (const [ref, rows] of ports) {
      if (rows.length === 0) continue;
      for (const reader of graph.readersOf.get(from.stage.id) ?? []) {
        if (reader.ref !== ref) continue;
        const failure = await feed(running.get(reader.stage.id) as RunningStage, ref, rows, counts);
        if (failure) return failure;
      }
    }
    return null;
  }

  async function feed(target: RunningStage, ref: string, rows: PipelineRow[], counts: Record<string, StreamStageCount>): Promise<StreamStageFailure | null> {
    let output: StageOutput;
    try {
      output = await target.operator.process(ref, rows);
    } catch (error) {
      return { stageId: target.stage.id, message: error instanceof Error ? error.message : String(error), sample: rows.slice(0, SAMPLE_ROWS) };
    }
    count(counts, target.stage.id, rows.length, output);
    return propagate(target, output, counts);
  }

  return {
    async ingest(points) {
      const counts: Record<string, StreamStageCount> = {};
      for (const stage of running.values()) {
        if (!stage.selection) continue;
        const rows = selectLivePoints(stage.selection, points);
        if (rows.length === 0) continue;
        const failure = await feed(stage, STREAM_INPUT_REF, rows, counts);
        if (failure) return { counts, failure };
      }
      return { counts, failure: null };
    },
    async advance(to) {
      const counts: Record<string, StreamStageCount> = {};
      if (watermark !== null && to <= watermark) return { counts, failure: null };
      watermark = to;
      // In dependency order, so what an upstream window closes reaches a downstream one before it is told the time.
      for (const stage of graph.order) {
        const target = running.get(stage.id) as RunningStage;
        let output: StageOutput;
        try {
          output = await target.operator.advance(to);
        } catch (error) {
          return { counts, failure: { stageId: stage.id, message: error instanceof Error ? error.message : String(error), sample: [] } };
        }
        count(counts, stage.id, 0, output);
        const failure = await propagate(target, output, counts);
        if (failure) return { counts, failure };
      }
      return { counts, failure: null };
    },
    checkpoint() {
      const stages: Record<string, unknown> = {};
      for (const [stageId, stage] of running) stages[stageId] = stage.operator.snapshot();
      return { format: 1, watermark, stages };
    },
  };
}

function count(counts: Record<string, StreamStageCount>, stageId: string, rowsIn: number, output: StageOutput): void {
  const entry = counts[stageId] ?? { rowsIn: 0, rowsOut: 0 };
  entry.rowsIn += rowsIn;
  entry.rowsOut += output.rows.length + Object.values(output.ports ?? {}).reduce((sum, rows) => sum + rows.length, 0);
  counts[stageId] = entry;
}
