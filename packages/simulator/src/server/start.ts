import { MessageSecurityMode, OPCUAServer, SecurityPolicy } from 'node-opcua';
import { createPlantClock, type PlantClock } from '../clock.ts';
import type { PlantModel } from '../plant-model.ts';
import { addBenchNodes, type ExtraTagsSpec } from './bench-nodes.ts';
import { openPki } from './pki.ts';
import { addPlantNodes } from './plant-nodes.ts';
import { createPublisher } from './publisher.ts';

export interface PlantSimulatorOptions {
  model: PlantModel;
  /** TCP port; 0 picks a free one. Default: the model's opcua.defaultPort. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (the demo is local). */
  host?: string;
  /** Seed of every random draw; the same seed replays the same plant. Default 1. */
  seed?: number;
  /** Simulated seconds per wall second; default 1. */
  speed?: number;
  /** Simulated instant of elapsed 0, which is the call to startPlantSimulator; default: that moment. */
  start?: Date | number;
  /** The plant has already run this many simulated seconds at the call (default 0); see PlantClockOptions. */
  elapsedAtStartS?: number;
  /** Synthetic load-test tags under Objects/Bench, one entry per rate. */
  extraTags?: ExtraTagsSpec | readonly ExtraTagsSpec[];
  /** Keeps the PKI (key, certificate) under <dataDir>/pki across runs; default: a temp dir removed on stop. */
  dataDir?: string;
}

export interface PlantSimulator {
  /** opc.tcp://host:port, the address clients connect to. */
  readonly endpointUrl: string;
  readonly port: number;
  readonly namespaceUri: string;
  /** The plant's tags in file order, and the synthetic tags per extraTags entry. */
  readonly nodeIds: { readonly plant: readonly string[]; readonly extra: readonly (readonly string[])[] };
  /** The clock the values follow; a value's sample index is (sourceTimestamp - clock.startMs) / samplingIntervalMs. */
  readonly clock: PlantClock;
  /**
   * Idempotent. false: the PLC drops off the network — open connections are cut, the port refuses new ones,
   * and (unless keepSessions) its sessions and subscriptions are gone, as after a PLC restart.
   * true: it listens again on the same port. The plant keeps running in between.
   */
  setConnected(connected: boolean, options?: { keepSessions?: boolean }): Promise<void>;
  /** Shuts the server down (connections, sessions, listener) and removes a temporary PKI. */
  stop(): Promise<void>;
}

/**
 * Starts an OPC UA server playing `model`.
 *
 * Security: endpoints with SecurityMode None and anonymous login are offered for the local demo —
 * anyone who can reach the port can read the plant, which is why it listens on 127.0.0.1 by
 * default. Basic256Sha256 Sign and SignAndEncrypt endpoints are offered too, accepting any client
 * certificate, so a client's secure-channel code can be exercised against it. The plant namespace
 * URI is served as the server's own namespace (index 1), which is what gives the file's
 * "ns=1;s=…" NodeIds their meaning; clients should still resolve the index from the URI.
 */
export async function startPlantSimulator(options: PlantSimulatorOptions): Promise<PlantSimulator> {
  const { model, host = '127.0.0.1', seed = 1, dataDir } = options;
  const clock = createPlantClock({ speed: options.speed ?? 1, start: options.start, elapsedAtStartS: options.elapsedAtStartS });
  const extraSpecs = options.extraTags === undefined ? [] : Array.isArray(options.extraTags) ? options.extraTags : [options.extraTags];
  const pki = await openPki(dataDir);
  const publisher = createPublisher(clock);
  const wildcard = host === '0.0.0.0' || host === '::';
  const server = new OPCUAServer({
    port: options.port ?? model.opcua.defaultPort,
    host,
    // Advertise the address the server is reachable at; a wildcard bind advertises the machine's name.
    ...(wildcard ? {} : { hostname: host }),
    serverCertificateManager: pki.certificateManager,
    userCertificateManager: pki.certificateManager,
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: true,
    serverInfo: {
      applicationUri: model.opcua.namespaceUri,
      productUri: 'urn:facilflow:simulator',
      applicationName: { text: `FacilFlow plant simulator (${model.enterprise} ${model.site})`, locale: 'en' },
    },
    buildInfo: { productName: 'FacilFlow plant simulator', manufacturerName: 'FacilFlow' },
  });
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('node-opcua initialised without an address space');
    const namespace = addressSpace.getOwnNamespace();
    const objects = addressSpace.rootFolder.objects;
    const plant = addPlantNodes(namespace, objects, model, publisher, seed);
    const extra = extraSpecs.length > 0 ? addBenchNodes(namespace, objects, extraSpecs, publisher) : [];
    await server.start();
    publisher.start();
    const port = server.endpoints[0]?.port;
    if (port === undefined) throw new Error('the OPC UA server started without an endpoint');
    let listening = true;
    return {
      endpointUrl: `opc.tcp://${wildcard ? '127.0.0.1' : host}:${port}`,
      port,
      namespaceUri: model.opcua.namespaceUri,
      nodeIds: { plant, extra },
      clock,
      async setConnected(connected, connectOptions) {
        if (connected === listening) return;
        listening = connected;
        if (connected) await server.resumeEndPoints();
        else await disconnect(server, connectOptions?.keepSessions ?? false);
      },
      stop: async () => {
        publisher.stop();
        await server.shutdown(0);
        await pki.dispose();
      },
    };
  } catch (e) {
    publisher.stop();
    await server.shutdown(0).catch(() => undefined);
    await pki.dispose();
    throw e;
  }
}

async function disconnect(server: OPCUAServer, keepSessions: boolean): Promise<void> {
  // Stop listening first, so a client reconnecting at once is refused rather than let back in.
  const suspended = server.suspendEndPoints();
  // Not killClientSockets(): in node-opcua 2.182 it looks for a socket the channel no longer exposes and cuts nothing.
  for (const endpoint of server.endpoints) endpoint.abruptlyInterruptChannels();
  await suspended;
  if (keepSessions) return;
  for (const session of server.engine.getSessions()) server.engine.closeSession(session.authenticationToken, true, 'Terminated');
}
