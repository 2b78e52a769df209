import { JSON_LIMITS, type JsonLimits } from './input-limits.ts';
import { JsonLimitError } from './json-limit-error.ts';

/**
 * The JSON limits for a value that is already parsed (an in-process caller's input), with
 * the same JsonLimitError as parseBoundedJson. Walks with an explicit stack, so a value
 * nested deeper than the call stack is refused, not a crash; a cyclic value is refused on
 * maxNodes.
 */
export function checkValueLimits(value: unknown, limits: Partial<JsonLimits> = {}): void {
  const max: JsonLimits = { ...JSON_LIMITS, ...limits };
  const pendingValues: unknown[] = [value];
  const pendingDepths: number[] = [0];
  let nodes = 1;
  if (nodes > max.maxNodes) throw new JsonLimitError('maxNodes', max.maxNodes);
  while (pendingValues.length > 0) {
    const current = pendingValues.pop();
    const depth = pendingDepths.pop() as number;
    if (typeof current === 'string') {
      if (current.length > max.maxStringLength) throw new JsonLimitError('maxStringLength', max.maxStringLength);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max.maxDepth) throw new JsonLimitError('maxDepth', max.maxDepth);
    let children: unknown[];
    if (Array.isArray(current)) {
      if (current.length > max.maxArrayLength) throw new JsonLimitError('maxArrayLength', max.maxArrayLength);
      children = current;
    } else {
      const keys = Object.keys(current);
      if (keys.length > max.maxObjectKeys) throw new JsonLimitError('maxObjectKeys', max.maxObjectKeys);
      for (const key of keys) if (key.length > max.maxStringLength) throw new JsonLimitError('maxStringLength', max.maxStringLength);
      children = Object.values(current);
    }
    nodes += children.length;
    if (nodes > max.maxNodes) throw new JsonLimitError('maxNodes', max.maxNodes);
    for (const child of children) {
      pendingValues.push(child);
      pendingDepths.push(depth + 1);
    }
  }
}
