/**
 * Texas Legislature Online names a session `<legislature><R | called-session number>`:
 * `87R` (87th Legislature, regular session), `871`, `872`, `873` (its three called sessions
 * of 2021). The FTP feed uses the same code (`ftp.legis.state.tx.us/bills/89R/...`) and bill
 * pages take it as `LegSess` (`BillLookup/History.aspx?LegSess=86R&Bill=HB21`).
 *
 * Open States writes the regular session without the R (`87`) and called sessions as TLO does
 * (`871`): openstates-scrapers `scrapers/tx/__init__.py`, `"identifier": "871"` for
 * "87(1) - 2021". A bill number is only unique within one of these sessions (SB 6 exists in
 * more than one called session), so the session is part of every Texas bill's identity.
 */
export type TexasSession = {
  /** TLO code: `87R`, `871`. */
  legSess: string;
  legislature: number;
  /** Null for the regular session, 1.. for called sessions. */
  calledSession: number | null;
  /** Open States identifier: `87`, `871`. */
  openStatesSession: string;
};

/** Reads a TLO session code. Throws a RangeError for anything else (`87`, `87X`, `8710`). */
export function parseTexasLegSess(legSess: string): TexasSession {
  const match = /^(\d{2,3})(R|[1-9])$/i.exec(legSess.trim());
  if (!match) throw new RangeError(`not a Texas session code: ${JSON.stringify(legSess)} (expected e.g. 87R or 871)`);
  const legislature = Number(match[1]);
  const regular = match[2].toUpperCase() === 'R';
  return {
    legSess: `${legislature}${regular ? 'R' : match[2]}`,
    legislature,
    calledSession: regular ? null : Number(match[2]),
    openStatesSession: regular ? String(legislature) : `${legislature}${match[2]}`,
  };
}

/** The TLO bill history page for a bill in a session. */
export function texasHistoryUrl(legSess: string, identifier: string): string {
  return `https://capitol.texas.gov/BillLookup/History.aspx?LegSess=${encodeURIComponent(parseTexasLegSess(legSess).legSess)}&Bill=${encodeURIComponent(identifier.replace(/\s+/g, ''))}`;
}

/**
 * TLO writes a last action as `MM/DD/YYYY <chamber letter> <text>` (`11/12/2018 H Filed`);
 * the letter is H (House), S (Senate) or E (executive). Returns null when the text has
 * another shape, so callers can report the page.
 */
export function parseTexasActionLine(text: string): { date: string; chamber: 'H' | 'S' | 'E'; description: string } | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+([HSE])\s+(.+)$/.exec(text.trim());
  if (!match) return null;
  const [, month, day, year, chamber, description] = match;
  return { date: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, chamber: chamber as 'H' | 'S' | 'E', description: description.trim() };
}

export const TEXAS_SOURCE = 'texas-tlo';
export const TEXAS_JURISDICTION_ID = 'ocd-jurisdiction/country:us/state:tx/government';

/** Open States actor classification for TLO's chamber letter. */
export const TEXAS_ACTORS = {
  H: { actor: 'House', classification: 'lower' },
  S: { actor: 'Senate', classification: 'upper' },
  E: { actor: 'Executive', classification: 'executive' },
} as const;

const CLASSIFICATIONS: Record<string, string> = {
  B: 'bill', JR: 'joint resolution', CR: 'concurrent resolution', R: 'resolution',
};

/** Bill / joint resolution / ... and origin chamber from an identifier such as `HJR 3`. */
export function texasBillKind(identifier: string): { classification: string; chamber: 'lower' | 'upper' } | null {
  const match = /^([HS])(B|JR|CR|R) \d+$/.exec(identifier);
  if (!match) return null;
  return { classification: CLASSIFICATIONS[match[2]], chamber: match[1] === 'H' ? 'lower' : 'upper' };
}
