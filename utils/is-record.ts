/** A plain object (not null, not an array): what every validator of stored or received data starts from. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
