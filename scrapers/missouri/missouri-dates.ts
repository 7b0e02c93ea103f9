/** Missouri pages write dates as `M/D/YYYY` (`7/5/2011`, `02/04/2009`). Returns `YYYY-MM-DD`, or null for other text. */
export function missouriDateToIso(value: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!match) return null;
  return `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

/** `7/5/2011 - Signed by Governor` → date and text; null when the text has another shape. */
export function parseMissouriDatedText(value: string): { date: string; description: string } | null {
  const match = /^(\d{1,2}\/\d{1,2}\/\d{4})\s+-\s+(.+)$/.exec(value.trim());
  const date = match ? missouriDateToIso(match[1]) : null;
  return match && date ? { date, description: match[2].trim() } : null;
}

export const MISSOURI_SOURCE = 'missouri-legislature';
export const MISSOURI_JURISDICTION_ID = 'ocd-jurisdiction/country:us/state:mo/government';
