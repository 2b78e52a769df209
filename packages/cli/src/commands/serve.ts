import { ConfigError, loadConfig, roleSplitRefusal } from '@facilflow/config';

/**
 * `facilflow serve [--roles web,mcp]`: this process runs the given roles (default
 * FACILFLOW_ROLES, else all) against the configured stores, until SIGTERM. A split the
 * embedded defaults cannot serve is refused before anything starts.
 */
export async function serve(roles: string | undefined): Promise<string> {
  const config = loadConfig(roles === undefined ? process.env : { ...process.env, FACILFLOW_ROLES: roles });
  const refusal = roleSplitRefusal(config);
  if (refusal) throw new ConfigError('FACILFLOW_ROLES', refusal.replace(/^FACILFLOW_ROLES=/, '= '));
  // Loaded only here: every other command stays clear of the server and its stores.
  const { runServer } = await import('@facilflow/app/server');
  const { server } = await runServer(config);
  return `FacilFlow (${config.roles.join(', ')}) listening on ${server.url}, public URL ${config.http.publicUrl}`;
}
