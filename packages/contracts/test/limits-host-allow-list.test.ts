import { describe, expect, it } from 'vitest';
import { createHostAllowList, hostAllowListRefusal } from '../src/limits/index.ts';

const list = createHostAllowList({ publicUrl: 'https://ff.example.com', extraHosts: ['ff.lan', 'gw.lan:8443'] });
const check = (host: string | undefined, origin?: string, localPort = 3000) => hostAllowListRefusal(list, { host, origin, localPort })?.status ?? 'ok';

describe('host allow-list', () => {
  it('allows the public URL host, loopback names on the listening port and the extra hosts', () => {
    for (const host of ['ff.example.com', 'FF.Example.COM', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'ff.lan', 'ff.lan:1234', 'gw.lan:8443']) expect(check(host), host).toBe('ok');
    expect(check(undefined)).toBe('ok');
    expect(hostAllowListRefusal(list, { host: 'localhost', origin: undefined, localPort: 80 })).toBeNull();
  });

  it('refuses other hosts, other ports of loopback names and of exact entries, and junk, with 421', () => {
    for (const host of ['evil.example', 'localhost:3001', '127.0.0.2:3000', 'ff.example.com:8443', 'gw.lan', 'ff.example.com.evil.example', 'ff.lan@evil', '', 'a b']) expect(check(host), host).toBe(421);
    expect(hostAllowListRefusal(list, { host: 'evil.example', origin: undefined, localPort: 3000 })?.message).toMatch(/Host "evil\.example".*FACILFLOW_ALLOWED_HOSTS/);
  });

  it('allows no Origin or an allowed one, and refuses others (null included) with 403', () => {
    expect(check('localhost:3000', 'http://localhost:3000')).toBe('ok');
    expect(check('ff.example.com', 'https://ff.example.com')).toBe('ok');
    for (const origin of ['http://evil.example', 'http://localhost:8080', 'null', 'file://', 'chrome-extension://abc']) expect(check('localhost:3000', origin), origin).toBe(403);
  });

  it('serves everything with *, and refuses an extra host it cannot read', () => {
    const open = createHostAllowList({ publicUrl: 'http://127.0.0.1:3000', extraHosts: ['*'] });
    expect(hostAllowListRefusal(open, { host: 'evil.example', origin: 'http://evil.example', localPort: 3000 })).toBeNull();
    expect(() => createHostAllowList({ publicUrl: 'http://127.0.0.1:3000', extraHosts: ['http://x/'] })).toThrow(/not a host name/);
  });
});
