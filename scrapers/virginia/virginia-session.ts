/**
 * Virginia LIS session codes and Open States session identifiers.
 *
 * LIS serves its data files per session from
 * `https://lis.blob.core.windows.net/lisfiles/<code>/<FILE>` (FEEDS.md, Virginia row; the
 * pattern printed on lis.virginia.gov/data-files is wrong, per openstates-scrapers
 * `scrapers/va/csv_bills.py`). The code is the year followed by one digit:
 *
 * | LIS code | session                      | Open States identifier |
 * |----------|------------------------------|------------------------|
 * | `20251`  | 2025 Regular Session         | `2025`                 |
 * | `20252`  | 2025 Special Session I       | `2025S1`               |
 * | `20213`  | 2021 Special Session II      | `2021S2`               |
 *
 * The Open States identifiers come from openstates-scrapers `scrapers/va/__init__.py`
 * (`"identifier": "2024S1"` for "2024 Special Session I", `"2021S2"` for "2021 Special
 * Session II", and `"extras": {"session_code": "20251"}` for the 2025 regular session).
 * Older LIS pages used a three-digit form (`251` for 2025; the recorded BILLS.CSV is
 * described as "LIS session 251"); it is accepted too and means the same session.
 */
export type VirginiaSession = {
  /** Five-digit LIS code, e.g. `20251`. */
  code: string;
  year: number;
  /** 0 for the regular session, 1 for Special Session I, 2 for Special Session II, ... */
  specialSession: number;
  /** Open States' identifier: `2025`, `2025S1`. */
  openStatesSession: string;
};

/** Base of the LIS file share (see the module comment). */
export const LIS_FILES_BASE = 'https://lis.blob.core.windows.net/lisfiles';

/**
 * Reads an LIS session code (`20251`, `20252`, or the older three-digit `251`).
 * Throws a RangeError for anything else: a wrong code would file bills under the wrong session.
 */
export function parseVirginiaSessionCode(code: string): VirginiaSession {
  const trimmed = code.trim();
  const long = /^(\d{4})([1-9])$/.exec(trimmed);
  const short = /^(\d{2})([1-9])$/.exec(trimmed);
  const match = long ?? short;
  if (!match) throw new RangeError(`not a Virginia LIS session code: ${JSON.stringify(code)} (expected e.g. 20251 or 20252)`);
  const year = long ? Number(match[1]) : 2000 + Number(match[1]);
  const specialSession = Number(match[2]) - 1;
  return {
    code: `${year}${match[2]}`,
    year,
    specialSession,
    openStatesSession: specialSession === 0 ? String(year) : `${year}S${specialSession}`,
  };
}

/**
 * The LIS code for an Open States identifier (`2025` → `20251`, `2025S1` → `20252`).
 * Throws a RangeError for identifiers of another shape (e.g. the pre-2020 `2019specialI`).
 */
export function virginiaSessionCode(openStatesSession: string): string {
  const match = /^(\d{4})(?:S([1-8]))?$/.exec(openStatesSession.trim());
  if (!match) throw new RangeError(`not a Virginia session identifier: ${JSON.stringify(openStatesSession)} (expected e.g. 2025 or 2025S1)`);
  return `${match[1]}${match[2] === undefined ? 1 : Number(match[2]) + 1}`;
}

/** URL of one LIS data file (`BILLS.CSV`, `HISTORY.CSV`, ...) for a session code. */
export function virginiaFileUrl(sessionCode: string, file: string): string {
  return `${LIS_FILES_BASE}/${parseVirginiaSessionCode(sessionCode).code}/${file}`;
}
