import type { DraftSpec } from '@facilflow/contracts';

/** The columns a draft spec sets: the list shows its name and description without reading the spec. */
export function draftColumns(spec: DraftSpec): { name: string; description: string | null; draftSpec: DraftSpec } {
  return { name: spec.name, description: spec.description ?? null, draftSpec: spec };
}
