import { loadConfig } from '@facilflow/config';
import { createPlatform } from '@facilflow/platform';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';

/** The CLI is a front like the others: it reaches data only through the operations runtime. */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const platform = await createPlatform(loadConfig());
  try {
    return await fn(createOperationsRuntime(platform));
  } finally {
    await platform.close();
  }
}
