import { createInProcessBus } from '../../src/index.ts';
import { recordingLog } from '../support/recording-log.ts';
import { describeBusContract } from './bus.contract.ts';

describeBusContract('in-process', async () => {
  const bus = createInProcessBus({ log: recordingLog() });
  return { bus, peer: bus, teardown: () => bus.close() };
});
