import { startPlantSimulator, type PlantSimulator, type PlantSimulatorOptions } from '@facilflow/simulator';
import { startAgent, type RunningAgent, type StartAgentOptions } from '../../src/agent.ts';
import type { PublishedStatus } from '../../src/publisher/status-reporter.ts';
import { TestBroker } from './broker.ts';
import { recordingLogger, type RecordingLogger } from './log.ts';
import { Observer } from './observer.ts';
import { demoPlant, PLANT_START } from './plant.ts';
import { tempDirs } from './temp-dir.ts';

export interface AgentRigOptions {
  /** Names the temp dirs. */
  label: string;
  tenantId: string;
  agentId: string;
  seed: number;
  extraTags?: PlantSimulatorOptions['extraTags'];
  /** The agent's starting config for the simulator's endpoint; without one it waits for a remote config. */
  config?: (endpointUrl: string) => StartAgentOptions['config'];
}

/** One test file's plant, broker, agent and the subscriber watching the agent's topics. */
export interface AgentRig {
  /** Replaced by a test that restarts the PLC (startSimulator on the same port). */
  simulator: PlantSimulator;
  readonly broker: TestBroker;
  readonly observer: Observer;
  readonly agent: RunningAgent;
  readonly log: RecordingLogger;
  readonly dataDir: string;
  readonly dirs: ReturnType<typeof tempDirs>;
  startSimulator(port: number): Promise<PlantSimulator>;
  stop(): Promise<void>;
}

/**
 * The demo plant on a free port, the embedded broker with the agent enrolled, an observer
 * on the agent's topics and the agent itself; with a starting config, resolves once its
 * first source is connected.
 */
export async function startAgentRig(options: AgentRigOptions): Promise<AgentRig> {
  const dirs = tempDirs(options.label);
  const broker = new TestBroker();
  const startSimulator = (port: number) =>
    startPlantSimulator({ model: demoPlant, port, seed: options.seed, start: PLANT_START, ...(options.extraTags ? { extraTags: options.extraTags } : {}) });
  const simulator = await startSimulator(0);
  await broker.start();
  const identity = broker.enrolAgent(options.tenantId, options.agentId);
  const observer = await Observer.connect(broker.url, broker.service, options.tenantId, options.agentId);
  const log = recordingLogger();
  const dataDir = await dirs.make();
  const config = options.config?.(simulator.endpointUrl);
  const agent = await startAgent({ dataDir, identity, log, ...(config ? { config } : {}) });
  if (config) await observer.until<PublishedStatus>('status', (s) => s.sources[0]?.state === 'connected');
  const rig: AgentRig = {
    simulator,
    broker,
    observer,
    agent,
    log,
    dataDir,
    dirs,
    startSimulator,
    async stop() {
      await agent.stop();
      await observer.close();
      await broker.stop();
      await rig.simulator.stop();
      await dirs.removeAll();
    },
  };
  return rig;
}
