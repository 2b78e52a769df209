/**
 * The RFC 6750 challenge for a missing or refused credential, naming the RFC 9728 metadata
 * so a client can discover where to get a token. error_description may hold only printable
 * ASCII without '"' or '\', so anything else is dropped rather than escaped. With no
 * credential at all there is no error code (RFC 6750 §3.1).
 */
export function bearerChallenge(resourceMetadataUrl: string, description: string | null): string {
  const base = `Bearer realm="facilflow", resource_metadata="${resourceMetadataUrl}"`;
  if (description === null) return base;
  const safe = description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
  return `${base}, error="invalid_token", error_description="${safe}"`;
}
