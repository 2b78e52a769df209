import type { AgentCommand, AgentCommandResponse, AgentConfig } from '@facilflow/contracts';

/**
 * What the domain needs from the MQTT side to govern agents. The embedded broker checks
 * agent passwords against the database itself; Mosquitto gets dynamic-security clients.
 */
export interface AgentControl {
  /** Where agents connect, as handed out at enrolment. */
  readonly brokerUrl: string;
  /** 4 on the embedded broker (aedes speaks MQTT 3.1.1), 5 on Mosquitto and other MQTT 5 brokers. */
  readonly protocolVersion: 4 | 5;
  /** Lets this agent in with this password, for brokers that keep their own credentials. */
  provision(tenantId: string, agentId: string, password: string): Promise<void>;
  /** Takes the credentials away and drops the live connection, at once. */
  revoke(tenantId: string, agentId: string): Promise<void>;
  /** Publishes the desired configuration, retained, on the agent's config topic. */
  publishConfig(tenantId: string, agentId: string, config: AgentConfig): Promise<void>;
  /** Sends a command and waits for the agent's answer (UNAVAILABLE on timeout). */
  command(tenantId: string, agentId: string, command: AgentCommand, timeoutMs: number): Promise<AgentCommandResponse>;
}
