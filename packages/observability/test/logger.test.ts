import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';
import { capture } from './support/capture-stream.ts';

describe('createLogger', () => {
  it('writes JSON lines with the level name and censors secrets wherever the logged shapes put them', () => {
    const out = capture();
    const log = createLogger({ name: 'test', level: 'debug', destination: out.stream });
    log.child({ requestId: 'r1' }).info(
      {
        req: { headers: { authorization: 'Bearer ffk_abc_SECRET1', cookie: 'session=SECRET2', 'user-agent': 'ua' } },
        input: { confirmationToken: 'SECRET3', name: 'kept' },
        err: { details: { confirmationToken: 'SECRET4', plan: 'Revoke' } },
        key: { tokenHash: 'SECRET5' },
        apiKey: 'SECRET6',
        user: { password: 'SECRET7' },
      },
      'done',
    );
    const text = out.text();
    for (let i = 1; i <= 7; i++) expect(text).not.toContain(`SECRET${i}`);
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', name: 'test', requestId: 'r1', msg: 'done', input: { name: 'kept', confirmationToken: '[redacted]' } });
    expect(line).toMatchObject({ req: { headers: { 'user-agent': 'ua', authorization: '[redacted]' } }, err: { details: { plan: 'Revoke' } } });
  });
});
