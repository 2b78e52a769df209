import { parseArgs } from 'node:util';
import { isFacilFlowError } from '@facilflow/contracts';
import { createApiKeyFor } from './commands/apikey-create.ts';
import { listOperations } from './commands/ops.ts';
import { createTenantFor } from './commands/tenant-create.ts';

const USAGE = `Usage:
  facilflow ops                                        list every operation (JSON)
  facilflow tenant create NAME --owner EMAIL           create a tenant owned by EMAIL
  facilflow apikey create --tenant ID --role ROLE [--name NAME]
                                                       issue an API key (printed once)
Reads the same environment as the server (DATABASE_URL, FIREBASE_PROJECT_ID, ...).
With the embedded database, stop the server first: PGlite serves one process.`;

async function main(argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      owner: { type: 'string' },
      tenant: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) return USAGE;
  if (command === 'ops') return listOperations();
  if (command === 'tenant' && sub === 'create' && arg && values.owner) return createTenantFor(arg, values.owner);
  if (command === 'apikey' && sub === 'create' && values.tenant && values.role) {
    return createApiKeyFor(values.tenant, values.role, values.name ?? `cli ${values.role}`);
  }
  throw new UsageError(USAGE);
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (out) => {
    console.log(typeof out === 'string' ? out : JSON.stringify(out, null, 2));
  },
  (e: unknown) => {
    if (e instanceof UsageError) console.error(e.message);
    else if (isFacilFlowError(e)) console.error(`${e.code}: ${e.message}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
