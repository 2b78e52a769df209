import { createInProcessQueue } from '../../src/index.ts';
import { recordingLog } from '../support/recording-log.ts';
import { describeJobQueueContract } from './job-queue.contract.ts';

describeJobQueueContract('in-process', async () => {
  const queue = createInProcessQueue({ log: recordingLog() });
  return { queue, teardown: () => queue.close() };
});
