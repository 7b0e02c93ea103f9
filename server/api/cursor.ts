import { z } from 'zod';
import { isCalendarDay } from '../../core/dates.js';
import type { BillCursor } from '../../db/queries/search-bills.js';

const billId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const day = z.string().refine(isCalendarDay);

/**
 * The key each sort pages by, checked exactly: the cursor's values go into SQL as a date,
 * a float and an id, so a tampered cursor must be refused here rather than fail there.
 */
const cursorSchema = z.discriminatedUnion('sort', [
  z.object({ sort: z.literal('latest_action'), key: z.tuple([day, billId]) }),
  z.object({ sort: z.literal('relevance'), key: z.tuple([z.number().finite(), billId]) }),
  z.object({ sort: z.literal('newest'), key: z.tuple([billId, z.null()]) }),
  z.object({ sort: z.literal('oldest'), key: z.tuple([billId, z.null()]) }),
]);

/** Opaque cursor text for the next page. */
export function encodeCursor(cursor: BillCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** @returns the cursor, or null when the text is not one we issued. */
export function decodeCursor(text: string): BillCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { sort: parsed.data.sort, key: [...parsed.data.key] } : null;
  } catch {
    return null;
  }
}
