import { FacilFlowError } from '@facilflow/contracts';
import type { AgentControl } from './agent-control.ts';

/**
 * For processes that do not run the embedded broker (the CLI, a stdio MCP server over the
 * embedded stores): agent records can be read and written, but nothing reaches an agent,
 * and saying so beats pretending.
 */
export function unreachableAgentControl(): AgentControl {
  const refuse = (): never => {
    throw new FacilFlowError('UNAVAILABLE', 'No MQTT broker in this process: run this through the FacilFlow server, or configure MQTT_URL');
  };
  return {
    brokerUrl: '',
    protocolVersion: 4,
    provision: async () => refuse(),
    revoke: async () => refuse(),
    publishConfig: async () => refuse(),
    command: async () => refuse(),
  };
}
