import type { Behavior, Fault, PlantTag, TagDataType } from '../plant-model.ts';
import { createTagRandom } from '../random.ts';
import { constantSignal } from './constant.ts';
import { counterSignal } from './counter.ts';
import { withDrift } from './drift.ts';
import { dutySignal } from './duty.ts';
import { withFlatline } from './flatline.ts';
import { normalSignal } from './normal.ts';
import { randomWalkSignal } from './random-walk.ts';
import { setpointSignal } from './setpoint.ts';
import { sampleIndexAt, type Signal, type SignalContext, type TagValue } from './signal.ts';
import { sineSignal } from './sine.ts';
import { withSpike } from './spike.ts';
import { statesSignal } from './states.ts';

export { sampleIndexAt, type TagValue } from './signal.ts';

/** One tag of the plant as values over time. */
export interface TagSignal {
  readonly intervalMs: number;
  /** The value of sample k, already in the tag's data type. */
  sample(k: number): TagValue;
  /** The value current `elapsedS` seconds after start: sample ⌊elapsedS / interval⌋. */
  valueAt(elapsedS: number): TagValue;
}

const UINT32_MAX = 0xffff_ffff;

/**
 * The deterministic signal of `tag` for `seed`: the same (tag, seed, elapsed time) always gives the
 * same value, in any process, in any order of reads. The tag's nodeId keys its random draws, so tags
 * with identical behaviours (Mixer1 and Mixer2) still get independent noise.
 */
export function createTagSignal(tag: PlantTag, seed: number): TagSignal {
  const context: SignalContext = { random: createTagRandom(seed, tag.nodeId), intervalMs: tag.samplingIntervalMs };
  const base = behaviorSignal(tag.behavior, tag.dataType, context);
  const faulty = tag.behavior.fault ? withFault(tag.behavior.fault, base, context) : base;
  const sample = toDataType(faulty, tag.dataType);
  return {
    intervalMs: tag.samplingIntervalMs,
    sample,
    valueAt: (elapsedS) => sample(sampleIndexAt(elapsedS * 1000, tag.samplingIntervalMs)),
  };
}

function behaviorSignal(behavior: Behavior, dataType: TagDataType, context: SignalContext): Signal {
  switch (behavior.kind) {
    case 'sine':
      return sineSignal(behavior, context);
    case 'randomWalk':
      return randomWalkSignal(behavior, context);
    case 'setpoint':
      return setpointSignal(behavior, context);
    case 'constant':
      return constantSignal(behavior);
    case 'duty':
      return dutySignal(behavior, context);
    case 'states':
      return statesSignal(behavior, context);
    case 'counter':
      return counterSignal(behavior, dataType, context);
    case 'normal':
      return normalSignal(behavior, context);
  }
}

function withFault(fault: Fault, base: Signal, context: SignalContext): Signal {
  switch (fault.kind) {
    case 'drift':
      return withDrift(fault, base, context);
    case 'flatline':
      return withFlatline(fault, base, context);
    case 'spike':
      return withSpike(fault, base, context);
  }
}

/** A UInt32 tag carries whole numbers within its range, whatever noise or drift did to the value. */
function toDataType(signal: Signal, dataType: TagDataType): Signal {
  if (dataType !== 'UInt32') return signal;
  return (k) => {
    const value = signal(k);
    return typeof value === 'number' ? Math.min(UINT32_MAX, Math.max(0, Math.round(value))) : value;
  };
}
