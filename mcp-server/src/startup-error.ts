/** A reason the server cannot start that the person running it can fix; shown without a stack trace. */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartupError';
  }
}

export function requiredEnv(env: Record<string, string | undefined>, name: string, hint: string): string {
  const value = env[name]?.trim();
  if (!value) throw new StartupError(`${name} is not set: ${hint}`);
  return value;
}
