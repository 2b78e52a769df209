import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';

/**
 * Where the simulator keeps its PKI (own key and self-signed certificate, trust lists). Never the
 * repository, and never node-opcua's default per-user folder (~/.config/node-opcua-default), which
 * would be shared with every other node-opcua program on the machine.
 *
 * With a data dir the key survives restarts (a 2048-bit RSA key costs about a second to generate);
 * without one a fresh temp dir is used and removed on dispose. node-opcua 2.18x generates keys and
 * certificates in JavaScript (node-opcua-crypto), so this needs neither openssl nor the network.
 */
export interface Pki {
  readonly rootDir: string;
  /**
   * One store for both roles node-opcua asks for (application certificates, X.509 user tokens): the
   * simulator takes anonymous logins and accepts any certificate anyway, and a second store would
   * cost a second RSA key on every fresh start. The server disposes it when it shuts down.
   */
  readonly certificateManager: OPCUACertificateManager;
  /** Removes the PKI if it lives in a temp dir of its own. */
  dispose(): Promise<void>;
}

export async function openPki(dataDir: string | undefined): Promise<Pki> {
  const owned = dataDir === undefined;
  const rootDir = owned ? await mkdtemp(join(tmpdir(), 'facilflow-simulator-')) : join(dataDir, 'pki');
  await mkdir(rootDir, { recursive: true });
  return {
    rootDir,
    certificateManager: new OPCUACertificateManager({
      rootFolder: rootDir,
      // A demo PLC: any client certificate is accepted (it lands in trusted/), as on a commissioning bench.
      automaticallyAcceptUnknownCertificate: true,
      // The trust lists never change under a running simulator; watchers would only hold handles.
      disableFileWatchers: true,
    }),
    dispose: async () => {
      if (owned) await rm(rootDir, { recursive: true, force: true });
    },
  };
}
