// The CLI's remote `call` needs one fact per operation, the tRPC procedure kind (GET or POST),
// and nothing else of the registry: written next to its build so a call loads no handler,
// store or SDK (the registry pulls in all of them).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_DIR } from './source-roots.mjs';

export const OPERATION_KINDS_FILE = join(REPO_DIR, 'packages', 'cli', 'dist', 'commands', 'operation-kinds.json');

export async function writeOperationKinds() {
  const registry = await import(pathToFileURL(join(REPO_DIR, 'packages', 'operations', 'dist', 'index.js')).href);
  const trpc = await import(pathToFileURL(join(REPO_DIR, 'packages', 'operations', 'dist', 'adapters', 'trpc', 'index.js')).href);
  const kinds = Object.fromEntries(registry.operations.map((op) => [op.name, trpc.trpcProcedureKind(op)]));
  await writeFile(OPERATION_KINDS_FILE, `${JSON.stringify(kinds, null, 2)}\n`);
}
