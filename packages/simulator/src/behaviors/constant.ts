import type { ConstantBehavior } from '../plant-model.ts';
import type { Signal } from './signal.ts';

export function constantSignal(behavior: ConstantBehavior): Signal {
  const { value } = behavior;
  return () => value;
}
