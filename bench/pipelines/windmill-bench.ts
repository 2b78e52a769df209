// Part 2, Windmill's method: a chain of no-op stages and a fan-out, each run N times through our
// run queue, beside the same shape as raw queue jobs on the same queue, in the same run.
import { percentile } from '../lib/stats.ts';
import type { RawJobs } from './raw-jobs.ts';
import { preciseNow, StageTimings } from './stage-timings.ts';

export interface WindmillShape {
  chainLength: number;
  fanOutWidth: number;
  chainRuns: number;
  fanOutRuns: number;
  warmUpRuns: number;
}

/** Our side on one queue: pipelines published with the no-op stages, and how a run of one is started. */
export interface RunEngine {
  chainPipelineId: string;
  fanOutPipelineId: string;
  /** Starts a run as an operator's `pipelines.run` does; resolves to its id. */
  trigger(pipelineId: string): Promise<string>;
}

export interface WindmillOutcome {
  queue: string;
  chainMs: number[];
  fanOutMs: number[];
  triggerToFirstStageMs: number[];
  rawChainMs: number[];
  rawFanOutMs: number[];
}

const RUN_TIMEOUT_MS = 120_000;

async function timeRuns(engine: RunEngine, timings: StageTimings, pipelineId: string, stages: number, runs: number, warmUp: number) {
  const wall: number[] = [];
  const firstStage: number[] = [];
  for (let i = 0; i < warmUp + runs; i++) {
    const triggeredAt = preciseNow();
    const runId = await engine.trigger(pipelineId);
    const { firstStart, lastEnd } = await timings.wait(runId, stages, RUN_TIMEOUT_MS);
    if (i < warmUp) continue;
    wall.push(lastEnd - triggeredAt);
    firstStage.push(firstStart - triggeredAt);
  }
  return { wall, firstStage };
}

async function timeRaw(raw: RawJobs, shape: WindmillShape) {
  const chain: number[] = [];
  const fanOut: number[] = [];
  for (let i = 0; i < shape.warmUpRuns + shape.chainRuns; i++) {
    const ms = await raw.chain(shape.chainLength);
    if (i >= shape.warmUpRuns) chain.push(ms);
  }
  for (let i = 0; i < shape.warmUpRuns + shape.fanOutRuns; i++) {
    const ms = await raw.fanOut(shape.fanOutWidth);
    if (i >= shape.warmUpRuns) fanOut.push(ms);
  }
  return { chain, fanOut };
}

export async function runWindmill(queue: string, engine: RunEngine, raw: RawJobs, shape: WindmillShape): Promise<WindmillOutcome> {
  const timings = new StageTimings();
  try {
    const chain = await timeRuns(engine, timings, engine.chainPipelineId, shape.chainLength, shape.chainRuns, shape.warmUpRuns);
    const fanOut = await timeRuns(engine, timings, engine.fanOutPipelineId, shape.fanOutWidth, shape.fanOutRuns, shape.warmUpRuns);
    const rawTimes = await timeRaw(raw, shape);
    const outcome = {
      queue,
      chainMs: chain.wall,
      fanOutMs: fanOut.wall,
      triggerToFirstStageMs: [...chain.firstStage, ...fanOut.firstStage],
      rawChainMs: rawTimes.chain,
      rawFanOutMs: rawTimes.fanOut,
    };
    console.log(
      `${queue}: chain p50 ${percentile(outcome.chainMs, 50).toFixed(1)} ms (raw ${percentile(outcome.rawChainMs, 50).toFixed(1)}), ` +
        `fan-out p50 ${percentile(outcome.fanOutMs, 50).toFixed(1)} ms (raw ${percentile(outcome.rawFanOutMs, 50).toFixed(1)}), trigger → first stage p99 ${percentile(outcome.triggerToFirstStageMs, 99).toFixed(1)} ms`,
    );
    return outcome;
  } finally {
    timings.close();
  }
}
