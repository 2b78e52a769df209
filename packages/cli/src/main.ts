import { parseArgs } from 'node:util';
import { isFacilFlowError } from '@facilflow/contracts/errors';

const USAGE = `Usage:
  facilflow ops                                        list every operation (JSON)
  facilflow tenant create NAME --owner EMAIL           create a tenant owned by EMAIL
  facilflow apikey create --tenant ID --role ROLE [--name NAME]
                                                       issue an API key (printed once)
  facilflow call OPERATION ['{"input":"json"}'] [--confirm TOKEN]
                                                       run an operation on a running server (JSON out),
                                                       with FACILFLOW_URL and FACILFLOW_API_KEY set
  facilflow approvals list [--status pending] | get ID | approve ID | reject ID [--reason TEXT]
                                                       review and decide what a model asked for, on a running server
                                                       (FACILFLOW_URL), as yourself: FACILFLOW_ID_TOKEN (your sign-in),
                                                       else FACILFLOW_API_KEY, which may list but never approve
  facilflow serve [--roles web,mcp,ingest,worker,scheduler]
                                                       run these roles in this process (default FACILFLOW_ROLES,
                                                       else all); a split needs PostgreSQL, Redis and MQTT_URL
  facilflow backup --out DIR                           back up the embedded data dir (PGlite, DuckDB, secret,
                                                       emulator accounts), through the running server if any
  facilflow restore DIR [--force]                      restore a backup into FACILFLOW_DATA_DIR (empty, or
                                                       replaced with --force; never while a server holds it)
ops, tenant and apikey read the same environment as the server (DATABASE_URL, FIREBASE_PROJECT_ID, ...);
with the embedded database, stop the server first: PGlite serves one process. call works beside it.`;

async function main(argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      owner: { type: 'string' },
      tenant: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      confirm: { type: 'string' },
      out: { type: 'string' },
      roles: { type: 'string' },
      force: { type: 'boolean' },
      reason: { type: 'string' },
      status: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) return USAGE;
  // Each command loads only what it needs: a remote call must not load the registry, stores and SDKs that ops, tenant and apikey use.
  if (command === 'ops') return (await import('./commands/ops.ts')).listOperations();
  if (command === 'tenant' && sub === 'create' && arg && values.owner) return (await import('./commands/tenant-create.ts')).createTenantFor(arg, values.owner);
  if (command === 'apikey' && sub === 'create' && values.tenant && values.role) {
    return (await import('./commands/apikey-create.ts')).createApiKeyFor(values.tenant, values.role, values.name ?? `cli ${values.role}`);
  }
  if (command === 'call' && sub) return (await import('./commands/call-remote.ts')).callRemote(remoteTarget(), sub, parseInput(arg), values.confirm);
  if (command === 'approvals') {
    const approvals = await import('./commands/approvals.ts');
    if (approvals.isApprovalsSubcommand(sub) && (sub === 'list' || arg)) {
      return approvals.runApprovals(remoteTarget({ asPerson: true }), sub, arg, { status: values.status, reason: values.reason });
    }
  }
  if (command === 'serve') return (await import('./commands/serve.ts')).serve(values.roles);
  if (command === 'backup' && values.out) return (await import('./commands/backup.ts')).backup(values.out);
  if (command === 'restore' && sub) return (await import('./commands/restore.ts')).restore(sub, values.force ?? false);
  throw new UsageError(USAGE);
}

/** A person's own sign-in (FACILFLOW_ID_TOKEN) goes first where only a person may act. */
function remoteTarget(options: { asPerson?: boolean } = {}): { url: string; apiKey: string } {
  const url = process.env.FACILFLOW_URL;
  const apiKey = (options.asPerson ? process.env.FACILFLOW_ID_TOKEN : undefined) ?? process.env.FACILFLOW_API_KEY;
  if (!url || !apiKey) throw new UsageError('facilflow call needs FACILFLOW_URL (e.g. http://127.0.0.1:3000) and FACILFLOW_API_KEY (ffk_…)');
  return { url, apiKey };
}

function parseInput(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The input is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (out) => {
    console.log(typeof out === 'string' ? out : JSON.stringify(out, null, 2));
  },
  (e: unknown) => {
    if (e instanceof UsageError) console.error(e.message);
    else if (isFacilFlowError(e) && e.code === 'NEEDS_CONFIRMATION') {
      console.error(`${e.message}\nTo apply it, run the same command again with --confirm ${String(e.details?.confirmationToken)} (before ${String(e.details?.expiresAt)}).`);
    } else if (isFacilFlowError(e) && e.code === 'PENDING_APPROVAL') {
      console.error(`${e.message}\nA person approves it with: facilflow approvals approve ${String(e.details?.approvalId)}`);
    } else if (isFacilFlowError(e)) console.error(`${e.code}: ${e.message}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
