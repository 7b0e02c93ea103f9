/**
 * An absolute http(s) address as a source gave it, normalized; null for a blank, relative,
 * malformed or non-web one (`javascript:`, `file:`): sources leave such values in link fields.
 */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
