import { operations } from '@facilflow/operations';

/** Every operation with what it does to data and who it needs, for operators and checks. */
export function listOperations(): string {
  return JSON.stringify(
    operations.map((op) => ({
      name: op.name,
      title: op.title,
      effect: op.effect,
      scope: op.scope,
      permission: op.scope === 'tenant' ? `${op.permission[0]}:${op.permission[1]}` : op.scope === 'user' ? 'signed-in person' : `${op.credential.kind} in the input`,
    })),
    null,
    2,
  );
}
