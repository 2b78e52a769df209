import type { OpcUaSource } from '@facilflow/contracts';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { MessageSecurityMode, SecurityPolicy, UserTokenType, type OPCUAClientOptions, type UserIdentityInfo } from 'node-opcua-client';

/**
 * The agent's OPC UA application instance certificate and trust lists live under
 * `<dataDir>/pki` (own/, trusted/, rejected/, issuers/), one store for every source.
 *
 * Server certificates the agent has not seen are accepted (and filed under trusted/): an edge
 * agent is pointed at PLCs by its operator, and most plants have no CA to pin. To refuse a
 * server, move its certificate into rejected/. File watchers are off, so such a change counts
 * from the next start; they would otherwise hold a libuv thread per folder for the agent's life.
 */
export function createCertificateManager(pkiDir: string): OPCUACertificateManager {
  return new OPCUACertificateManager({ rootFolder: pkiDir, automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });
}

const RECONNECT_INITIAL_DELAY_MS = 1000;
const RECONNECT_MAX_DELAY_MS = 30_000;

export function clientOptions(source: OpcUaSource, certificateManager: OPCUACertificateManager): OPCUAClientOptions {
  return {
    applicationName: 'FacilFlowAgent',
    clientName: source.id,
    clientCertificateManager: certificateManager,
    securityMode: MessageSecurityMode[source.securityMode],
    securityPolicy: SecurityPolicy[source.securityPolicy],
    // The endpoint list of a PLC behind NAT or a gateway often names another host; connect anyway.
    endpointMustExist: false,
    // node-opcua retries the first connection and every reconnection forever, with exponential
    // backoff, and after a reconnection reactivates the session or creates a new one, transfers
    // or re-creates the subscriptions and their monitored items.
    connectionStrategy: { initialDelay: RECONNECT_INITIAL_DELAY_MS, maxDelay: RECONNECT_MAX_DELAY_MS, maxRetry: -1, randomisationFactor: 0.2 },
    keepSessionAlive: true,
    requestedSessionTimeout: 60_000,
  };
}

export function userIdentity(source: OpcUaSource): UserIdentityInfo {
  return source.username === undefined
    ? { type: UserTokenType.Anonymous }
    : { type: UserTokenType.UserName, userName: source.username, password: source.password ?? '' };
}
