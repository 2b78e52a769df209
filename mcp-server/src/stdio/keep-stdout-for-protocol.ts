/**
 * On stdio, stdout carries protocol messages and nothing else: one stray line from a
 * library's console.log breaks the client's parser, so those lines go to stderr instead.
 */
export function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
