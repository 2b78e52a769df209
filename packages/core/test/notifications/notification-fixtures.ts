import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertNotice } from '@facilflow/contracts';

let alertSeq = 0;

/** An alert transition as the alert engine hands one over. */
export function notice(tenantId: string, overrides: Partial<AlertNotice> = {}): AlertNotice {
  const at = overrides.at ?? new Date().toISOString();
  return {
    tenantId,
    alertId: `alr_${++alertSeq}_${Math.random().toString(36).slice(2, 8)}`,
    ruleId: 'rule_oven_temp',
    ruleName: 'Oven temperature',
    transition: 'triggered',
    severity: 'critical',
    priority: 1,
    measurement: 'oven',
    tags: { machine: 'Oven2' },
    assetPath: 'site1/bakery/line2/oven2',
    labels: { line: 'L2', team: 'ovens' },
    summary: 'Oven2 temperature drifting: 236.4 °C',
    value: 236.4,
    actor: null,
    comment: null,
    at,
    firedAt: at,
    ...overrides,
  };
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A receiver on 127.0.0.1 that answers 500 to the first `failFirst` requests of a path, then 200. */
export interface Receiver {
  url: string;
  received: Received[];
  failFirst(path: string, count: number): void;
  /** Resolves once `count` requests have reached the path. */
  waitFor(path: string, count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const left = failures.get(path) ?? 0;
      const answered = left > 0 ? 500 : 200;
      if (left > 0) failures.set(path, left - 1);
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    failFirst: (path, count) => void failures.set(path, count),
    waitFor: (path, count) =>
      new Promise<void>((resolve) => {
        const check = () => (received.filter((r) => r.path === path).length >= count ? resolve() : waiters.push(check));
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A clock the test moves by hand: the dispatcher and the follow-ups read it through services.now. */
export function controlledClock(start = Date.now()) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), set: (at: number) => (now = at) };
}
