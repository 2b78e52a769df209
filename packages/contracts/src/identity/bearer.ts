/** The credential of an `Authorization: Bearer <credential>` header, or undefined without one. */
export function bearerFromHeader(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(.+)$/i.exec(value) : null;
  return match?.[1];
}
