/**
 * Status facts sources state outright, read into flags the status reducer understands:
 * Legistar `MatterStatusName` values ('Adopted', 'Passed', 'Failed', 'Filed', 'Withdrawn',
 * 'In Committee', 'Vetoed', 'Approved', 'Enacted'), Virginia LIS flags written as words
 * ('passed', 'passed-house', 'failed', 'approved', 'vetoed', 'carried-over'), California's
 * BILL_TBL status ('Chaptered', 'Vetoed', 'In Committee Process') and Open States-ish words.
 */
export type StatusHintFlags = {
  enacted: boolean;
  vetoed: boolean;
  failed: boolean;
  withdrawn: boolean;
  passed: boolean;
  adopted: boolean;
  inCommittee: boolean;
  introduced: boolean;
  carriedOver: boolean;
  passedChambers: Array<'lower' | 'upper'>;
};

const HINT_TABLE: ReadonlyArray<{ pattern: RegExp; flag: Exclude<keyof StatusHintFlags, 'passedChambers'> }> = [
  { pattern: /^(approved|enacted|signed|chaptered|became[- ]law|signed by (the )?mayor|law|local law|in force)\b/, flag: 'enacted' },
  { pattern: /^veto(ed)?\b/, flag: 'vetoed' },
  { pattern: /^(withdrawn|stricken)\b/, flag: 'withdrawn' },
  // Legistar "Filed" closes a matter unacted (NYC "Filed (End of Session)").
  { pattern: /^(failed|filed|dead|died|defeated|not adopted)\b/, flag: 'failed' },
  { pattern: /^(carried[- ]over|continued)\b/, flag: 'carriedOver' },
  { pattern: /^passed$|^passed both|^passed[- ](legislature|council)\b/, flag: 'passed' },
  { pattern: /^adopted\b/, flag: 'adopted' },
  { pattern: /^(in committee|referred|committee)\b/, flag: 'inCommittee' },
  { pattern: /^(introduced|filing|prefiled)\b/, flag: 'introduced' },
];

/** Flags for a list of hint strings (case and spacing ignored; unknown hints are ignored). */
export function readStatusHints(hints: readonly string[]): StatusHintFlags {
  const flags: StatusHintFlags = {
    enacted: false, vetoed: false, failed: false, withdrawn: false, passed: false, adopted: false,
    inCommittee: false, introduced: false, carriedOver: false, passedChambers: [],
  };
  for (const raw of hints) {
    const hint = raw.trim().toLowerCase().replace(/_/g, '-').replace(/\s+/g, ' ');
    if (/^passed[- ](house|lower|assembly)$/.test(hint)) { flags.passedChambers.push('lower'); continue; }
    if (/^passed[- ](senate|upper)$/.test(hint)) { flags.passedChambers.push('upper'); continue; }
    const row = HINT_TABLE.find((r) => r.pattern.test(hint));
    if (row) flags[row.flag] = true;
  }
  return flags;
}
