/**
 * Markers that extractors wrap around deleted (struck-through, bracketed) matter. They are
 * private-use-looking brackets (U+27E6/U+27E7) that never occur in bill text, so the
 * normalizer can tell "old law to be omitted" from enacted text without re-parsing markup,
 * and can keep the deleted words aside (a provision found only there is "repealed").
 */
export const DELETION_OPEN = '\u27E6';
export const DELETION_CLOSE = '\u27E7';

/** Returns `text` wrapped in deletion markers (any markers inside are dropped first). */
export function markDeleted(text: string): string {
  const inner = text.split(DELETION_OPEN).join('').split(DELETION_CLOSE).join('');
  return inner.trim() === '' ? ' ' : `${DELETION_OPEN}${inner}${DELETION_CLOSE}`;
}
