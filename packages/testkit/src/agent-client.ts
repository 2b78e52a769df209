import type { EnrollResponse } from '@facilflow/contracts';
import { connectAsync, type MqttClient } from 'mqtt';

/** An MQTT client holding an enrolled agent's credentials: what the edge agent does on the wire, without retrying. */
export function connectAgentClient(identity: EnrollResponse, options: { clean?: boolean } = {}): Promise<MqttClient> {
  return connectAsync(identity.mqtt.url, {
    clientId: identity.mqtt.clientId,
    username: identity.mqtt.username,
    password: identity.mqtt.password,
    protocolVersion: identity.mqtt.protocolVersion,
    reconnectPeriod: 0,
    clean: options.clean ?? true,
  });
}
