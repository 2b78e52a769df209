import type { Config } from '@facilflow/config';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * What `npm start` says about who can reach the server. With the Auth emulator that is the
 * security boundary: its tokens are unsigned, so anyone who reaches the port can sign in as anyone.
 */
export function exposureNotice(config: Config): string | null {
  if (!config.firebase.emulator) return null;
  const { host } = config.http;
  if (LOOPBACK.test(host)) {
    return (
      `  Loopback only: the server listens on ${host}, not on the network, because the Auth emulator's tokens are unsigned ` +
      '(anyone who reached it could sign in as anyone). FACILFLOW_HTTP_HOST=0.0.0.0 exposes it anyway.'
    );
  }
  return (
    `  ! Exposed: the server listens on ${host} (FACILFLOW_HTTP_HOST) with the Auth emulator, whose tokens are unsigned: ` +
    'anyone who can reach this port can sign in as anyone. Use a real Firebase project for a shared server.'
  );
}
