/**
 * Auth emulator ID tokens are unsigned JWTs: header {"alg":"none","typ":"JWT"}, the
 * usual Firebase claims, and an empty signature. These helpers derive variants of a
 * real emulator token, so a refusal can only come from the one thing that changed.
 */

export function jwtPayload(token: string): Record<string, unknown> {
  return decodePart(token, 1);
}

export function jwtHeader(token: string): Record<string, unknown> {
  return decodePart(token, 0);
}

export function reshapedToken(
  token: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'none', typ: 'JWT' },
): string {
  return `${encode(header)}.${encode({ ...jwtPayload(token), ...claims })}.`;
}

function decodePart(token: string, index: number): Record<string, unknown> {
  const part = token.split('.')[index];
  if (part === undefined) throw new Error(`Not a JWT: ${token}`);
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null) throw new Error(`JWT part ${index} is not an object`);
  return { ...value };
}

function encode(part: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url');
}
