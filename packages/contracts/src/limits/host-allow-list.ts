/**
 * Which Host (and Origin) a FacilFlow front answers, against DNS rebinding: a page on an
 * attacker's name that resolves to 127.0.0.1 reaches a local server with that name in its
 * Host header, and a page on another origin drives it with the browser's cookies. Pure, so
 * every front (app, standalone MCP, Socket.IO) applies the same rule.
 */

export interface AllowedHost {
  /** Lower case; an IPv6 address in brackets, e.g. `[::1]`. */
  hostname: string;
  /** Exactly this port (`''` for the scheme's default), or any port when undefined. */
  port?: string;
  /** Loopback names match on the port the request came in on, whatever the configuration says. */
  onListeningPort?: true;
}

export interface HostAllowList {
  hosts: readonly AllowedHost[];
  /** `*` in the extra hosts: every Host and Origin is served (behind a proxy that checks them itself). */
  any: boolean;
}

export const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/**
 * The public URL's host, the loopback names on the listening port, and `extraHosts`
 * (`name` for any port, `name:port` for one, `*` for all).
 */
export function createHostAllowList(options: { publicUrl: string; extraHosts?: readonly string[] }): HostAllowList {
  const publicUrl = new URL(options.publicUrl);
  const hosts: AllowedHost[] = [{ hostname: publicUrl.hostname, port: publicUrl.port }];
  for (const hostname of LOOPBACK_HOSTNAMES) hosts.push({ hostname, onListeningPort: true });
  let any = false;
  for (const entry of options.extraHosts ?? []) {
    if (entry.trim() === '*') {
      any = true;
      continue;
    }
    const parsed = parseAuthority(entry.trim());
    if (!parsed) throw new Error(`"${entry}" is not a host name or host:port`);
    hosts.push(/:\d+$/.test(entry.trim()) ? parsed : { hostname: parsed.hostname });
  }
  return { hosts, any };
}

export interface HostRefusal {
  status: 403 | 421;
  message: string;
}

export interface EdgeRequest {
  host: string | undefined;
  origin: string | undefined;
  /** The port the connection came in on. */
  localPort: number | undefined;
}

/**
 * Why this request is refused, or null to serve it. A Host not on the list is misdirected
 * (421); an Origin not on the list is forbidden (403). No Origin at all (CLI, agents, MCP
 * clients) is fine; `Origin: null` (a sandboxed or file page) is not.
 */
export function hostAllowListRefusal(list: HostAllowList, request: EdgeRequest): HostRefusal | null {
  if (list.any) return null;
  if (request.host !== undefined && !isAllowed(list, parseAuthority(request.host), request.localPort)) {
    return {
      status: 421,
      message: `Host "${request.host}" is not served here: use the public URL's host or a loopback name, or add it to FACILFLOW_ALLOWED_HOSTS`,
    };
  }
  if (request.origin !== undefined && !isAllowed(list, originAuthority(request.origin), request.localPort)) {
    return {
      status: 403,
      message: `Origin "${request.origin}" may not call this server: only pages from its own hosts may, or add the host to FACILFLOW_ALLOWED_HOSTS`,
    };
  }
  return null;
}

interface Authority {
  hostname: string;
  port: string;
}

function isAllowed(list: HostAllowList, authority: Authority | null, localPort: number | undefined): boolean {
  if (!authority) return false;
  return list.hosts.some((allowed) => {
    if (allowed.hostname !== authority.hostname) return false;
    if (allowed.onListeningPort) return localPort !== undefined && (authority.port === String(localPort) || (authority.port === '' && localPort === 80));
    return allowed.port === undefined || allowed.port === authority.port;
  });
}

/** `name`, `name:port` or `[v6]:port` as URL would read it (lower case, default port as `''`), or null when it is none of those. */
function parseAuthority(text: string): Authority | null {
  if (text === '' || /[\s/?#@\\]/.test(text)) return null;
  try {
    const url = new URL(`http://${text}`);
    return { hostname: url.hostname, port: url.port };
  } catch {
    return null;
  }
}

function originAuthority(origin: string): Authority | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // An https origin on the default port and an http one compare as `''` like a Host header without a port.
    return { hostname: url.hostname, port: url.port };
  } catch {
    return null;
  }
}
