import type { MqttAgentControl } from '@facilflow/messaging';

/**
 * What the domain needs from the MQTT side to govern agents: the messaging adapter without its
 * lifecycle (the platform closes it). The embedded broker checks agent passwords against the
 * database itself; Mosquitto gets dynamic-security clients.
 */
export type AgentControl = Omit<MqttAgentControl, 'close'>;
