// One-shot job of compose.yaml: gives FacilFlow's own MQTT account (MQTT_USERNAME/MQTT_PASSWORD)
// its service role on a Mosquitto that has only the dynamic-security admin so far. Agents'
// accounts are made by the server at enrolment; this one must exist before the server connects.
import { loadConfig } from '@facilflow/config';
import { FacilFlowError } from '@facilflow/contracts';
import { createMosquittoDynsec } from '@facilflow/messaging';

const config = loadConfig();
if (config.mqtt.kind !== 'external') throw new Error('MQTT_URL is not set: the embedded broker needs no service account');
const { url, admin, service } = config.mqtt;
const dynsec = await createMosquittoDynsec({ url, username: admin.username, password: admin.password });
try {
  await dynsec.createServiceClient({ name: service.username, password: service.password });
  console.log(`MQTT service account ${service.username} created on ${url}`);
} catch (error) {
  // A restart of the stack finds the account from the first run; its password is not changed.
  if (!(error instanceof FacilFlowError && error.code === 'CONFLICT')) throw error;
  console.log(`MQTT service account ${service.username} already exists on ${url}`);
} finally {
  await dynsec.close();
}
