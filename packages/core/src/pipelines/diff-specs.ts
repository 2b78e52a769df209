import { isDeepStrictEqual } from 'node:util';
import type { PipelineDiff, SpecChange } from '@facilflow/contracts';

type Path = SpecChange['path'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaf-level changes between two JSON values, each at its path. */
export function diffJson(before: unknown, after: unknown, path: Path = []): SpecChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      if (!(key in after)) return [{ path: [...path, key], kind: 'removed' as const, before: before[key] }];
      if (!(key in before)) return [{ path: [...path, key], kind: 'added' as const, after: after[key] }];
      return diffJson(before[key], after[key], [...path, key]);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => {
      if (i >= after.length) return [{ path: [...path, i], kind: 'removed' as const, before: before[i] }];
      if (i >= before.length) return [{ path: [...path, i], kind: 'added' as const, after: after[i] }];
      return diffJson(before[i], after[i], [...path, i]);
    }).flat();
  }
  return [{ path, kind: 'changed', before, after }];
}

/** Stages by id; a stage without a string id (a broken draft) is keyed by its position. */
function stagesById(spec: Record<string, unknown>): Map<string, unknown> {
  const stages = Array.isArray(spec.stages) ? spec.stages : [];
  return new Map(stages.map((stage, index) => [isObject(stage) && typeof stage.id === 'string' ? stage.id : `#${index}`, stage]));
}

const withoutStages = (spec: Record<string, unknown>) => Object.fromEntries(Object.entries(spec).filter(([key]) => key !== 'stages'));

/**
 * Stage by stage (by id, so moving a stage in the list is no change), then the rest of the
 * spec: which stages were added or removed, and each changed stage's changes at their paths.
 */
export function diffSpecs(from: Record<string, unknown>, to: Record<string, unknown>, sides: Pick<PipelineDiff, 'from' | 'to'>): PipelineDiff {
  const before = stagesById(from);
  const after = stagesById(to);
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.keys()]
    .filter((id) => before.has(id))
    .map((stageId) => ({ stageId, changes: diffJson(before.get(stageId), after.get(stageId)) }))
    .filter((stage) => stage.changes.length > 0);
  const spec = diffJson(withoutStages(from), withoutStages(to));
  return { ...sides, stages: { added, removed, changed }, spec, identical: added.length + removed.length + changed.length + spec.length === 0 };
}
