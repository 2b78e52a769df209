import type { Operation } from './define-operation.ts';

export interface Registry {
  list(): readonly Operation[];
  get(name: string): Operation | undefined;
}

export function createRegistry(operations: readonly Operation[]): Registry {
  const byName = new Map<string, Operation>();
  for (const op of operations) {
    if (byName.has(op.name)) throw new Error(`Operation ${op.name} is defined twice`);
    byName.set(op.name, op);
  }
  const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { list: () => sorted, get: (name) => byName.get(name) };
}
