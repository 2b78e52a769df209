import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, type ClientSession } from 'node-opcua';

export interface Connection {
  client: OPCUAClient;
  session: ClientSession;
}

export interface TestClients {
  /** A real node-opcua client with an open session; maxRetry 0 fails at once when the server is away. */
  connect(endpointUrl: string, options?: { maxRetry?: number }): Promise<Connection>;
  /** Closes every connection and removes the clients' PKI. */
  dispose(): Promise<void>;
}

/** Clients keep their PKI in a temp dir of the test's own, not in ~/.config/node-opcua-default. */
export async function testClients(): Promise<TestClients> {
  const pkiDir = await mkdtemp(join(tmpdir(), 'ff-simulator-client-'));
  const open: Connection[] = [];
  return {
    async connect(endpointUrl, { maxRetry = 0 } = {}) {
      const client = OPCUAClient.create({
        applicationName: 'FacilFlowSimulatorTest',
        endpointMustExist: false,
        securityMode: MessageSecurityMode.None,
        securityPolicy: SecurityPolicy.None,
        connectionStrategy: { maxRetry, initialDelay: 100, maxDelay: 500 },
        clientCertificateManager: new OPCUACertificateManager({
          rootFolder: pkiDir,
          automaticallyAcceptUnknownCertificate: true,
          disableFileWatchers: true,
        }),
      });
      try {
        await client.connect(endpointUrl);
        const connection = { client, session: await client.createSession() };
        open.push(connection);
        return connection;
      } catch (e) {
        await client.disconnect();
        throw e;
      }
    },
    async dispose() {
      for (const { client, session } of open.splice(0)) {
        await session.close().catch(() => undefined);
        await client.disconnect();
      }
      await rm(pkiDir, { recursive: true, force: true });
    },
  };
}
