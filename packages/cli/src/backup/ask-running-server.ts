import type { Config } from '@facilflow/config';
import { FacilFlowError } from '@facilflow/contracts';
import { LOCAL_BACKUP_PATH, localControlToken, readLocalSecret, type BackupManifest } from '@facilflow/platform';

/**
 * Asks the server that holds the data dir to take the backup: PGlite serves one process, so
 * this one cannot read it. The server answers only on loopback and only to a caller holding
 * the data dir's secret, which is why the URL is built from FACILFLOW_HTTP_PORT here rather
 * than taken from FACILFLOW_URL.
 */
export async function askRunningServer(config: Config, serverPid: number, outDir: string): Promise<BackupManifest> {
  const secret = readLocalSecret(config);
  if (!secret) {
    throw new FacilFlowError('UNAUTHENTICATED', `The server (process ${serverPid}) holds ${config.dataDir} but there is no secret to ask it with: set FACILFLOW_SECRET as the server has it`);
  }
  const url = `http://${loopbackHost(config.http.host)}:${config.http.port}${LOCAL_BACKUP_PATH}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${localControlToken(secret)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ out: outDir }),
    });
  } catch (error) {
    throw new FacilFlowError(
      'UNAVAILABLE',
      `Process ${serverPid} holds ${config.dataDir} but no FacilFlow server answers at ${url} (${error instanceof Error ? error.message : String(error)}): set FACILFLOW_HTTP_PORT to its port, or stop it and back up offline`,
    );
  }
  const answer = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!response.ok) throw new FacilFlowError(response.status === 409 ? 'CONFLICT' : 'UNAVAILABLE', `The server refused the backup (HTTP ${response.status}): ${answer.message ?? 'no reason given'}`);
  return answer as BackupManifest;
}

/** The endpoint answers loopback callers only; a server bound to one other interface cannot be asked from here. */
function loopbackHost(bound: string): string {
  if (bound === '0.0.0.0' || bound === 'localhost' || bound.startsWith('127.')) return '127.0.0.1';
  if (bound === '::' || bound === '::1') return '[::1]';
  throw new FacilFlowError('INVALID', `The server listens on ${bound} only, not on loopback: stop it and back up offline, or let it listen on 127.0.0.1 too`);
}
