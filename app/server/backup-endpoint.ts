import { isAbsolute } from 'node:path';
import { BODY_LIMITS, FacilFlowError, inputRefusal, isFacilFlowError, parseBoundedJson, readBoundedText } from '@facilflow/contracts';
import { embeddedPaths, isLocalControlToken, takeBackup, type Platform } from '@facilflow/platform';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';

const backupRequest = z.object({ out: z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path') });

/**
 * `facilflow backup` while the server runs: PGlite serves one process, so the server that holds
 * it takes the copy. A backup is the machine's, not a tenant's, so no user or API key can ask
 * for it: only a process on this machine (loopback, not relayed by a proxy) that can read the
 * data dir's secret. The directory is written by the server, on this machine.
 */
export function createBackupEndpoint(platform: Platform): Router {
  const router = express.Router();
  let running = false;
  router.post('/', (req, res) => {
    const refusal = localCallerRefusal(req, platform.secret);
    if (refusal) {
      res.status(refusal.status).json({ code: refusal.code, message: refusal.message });
      return;
    }
    if (running) {
      res.status(409).json({ code: 'CONFLICT', message: 'A backup is already being taken' });
      return;
    }
    running = true;
    void backUp(platform, req, res).finally(() => (running = false));
  });
  return router;
}

function localCallerRefusal(req: Request, secret: string): { status: number; code: string; message: string } | null {
  // A reverse proxy on this machine connects from loopback on behalf of anyone: what it relays is not local.
  if (!isLoopback(req.socket.remoteAddress) || req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) {
    return { status: 403, code: 'FORBIDDEN', message: 'Backups are taken only from this machine (loopback)' };
  }
  const presented = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!presented || !isLocalControlToken(secret, presented)) {
    return { status: 401, code: 'UNAUTHENTICATED', message: "The local control token does not match this server's secret" };
  }
  return null;
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

async function backUp(platform: Platform, req: Request, res: Response): Promise<void> {
  let out: string;
  try {
    const raw = parseBoundedJson(await readBoundedText(req, { maxBytes: BODY_LIMITS.restBytes, declaredLength: req.headers['content-length'] }));
    const body = backupRequest.safeParse(raw);
    if (!body.success) throw new FacilFlowError('INVALID', 'Expected { out: "/absolute/backup/dir" }');
    out = body.data.out;
  } catch (error) {
    const refusal = inputRefusal(error);
    res.status(refusal?.status ?? 400).json({ code: 'INVALID', message: refusal?.message ?? (error instanceof Error ? error.message : 'The body could not be read') });
    return;
  }
  try {
    const paths = embeddedPaths(platform.config);
    const manifest = await takeBackup({ paths, db: platform.services.db, timeseries: platform.services.timeseries, takenBy: 'server' }, out);
    res.json(manifest);
  } catch (error) {
    const status = isFacilFlowError(error) ? ({ INVALID: 400, CONFLICT: 409 } as Record<string, number>)[error.code] : undefined;
    if (status === undefined) console.error(`[backup] ${out} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    res.status(status ?? 500).json({ code: isFacilFlowError(error) ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
  }
}
