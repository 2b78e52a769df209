import { readFile } from 'node:fs/promises';
import { FacilFlowError } from '@facilflow/contracts/errors';

export type ProcedureKind = 'query' | 'mutation';

/**
 * The tRPC procedure kind of an operation. The build writes every operation's kind beside
 * this module, so a remote call never loads the registry and what it imports (stores, SDKs);
 * run from source (tests, development) it asks the registry itself.
 */
export async function operationKind(name: string): Promise<ProcedureKind> {
  const kinds = await readFile(new URL('./operation-kinds.json', import.meta.url), 'utf8').then(
    (text) => JSON.parse(text) as Record<string, ProcedureKind>,
    () => null,
  );
  const kind = kinds ? kinds[name] : await kindFromRegistry(name);
  if (!kind) throw new FacilFlowError('NOT_FOUND', `No operation ${name}: see \`facilflow ops\``);
  return kind;
}

async function kindFromRegistry(name: string): Promise<ProcedureKind | undefined> {
  const [{ operations }, { trpcProcedureKind }] = await Promise.all([import('@facilflow/operations'), import('@facilflow/operations/trpc')]);
  const op = operations.find((o) => o.name === name);
  return op ? trpcProcedureKind(op) : undefined;
}
