/**
 * The RFC 6750 challenge for a refused credential. error_description may hold only
 * printable ASCII without '"' or '\', so anything else is dropped rather than escaped.
 */
export function bearerChallenge(description: string): string {
  const safe = description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
  return `Bearer realm="facilflow", error="invalid_token", error_description="${safe}"`;
}
