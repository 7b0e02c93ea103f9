import type { ActionClassification } from './action-classifications.js';

/**
 * Text-to-classification tables: one row per wording, each with a real example string taken
 * from a recorded source file (or a public bill history) so the unit tests can replay it.
 *
 * Rows are tried in order. Every matching row adds its classifications; a row marked `stop`
 * ends the scan, which is how a specific wording ("Passed by indefinitely", "Signed by
 * Speaker") keeps a generic one ("passed", "signed") from firing.
 */
export type ActionRule = {
  id: string;
  pattern: RegExp;
  classifications: readonly ActionClassification[];
  stop?: boolean;
  /** A real string this row must classify, and where it came from. */
  example: string;
  exampleSource: string;
};

const VA = 'reference/pages/virginia/lis-BILLS-2025-session.csv';
const CA = 'reference/pages/california/pubinfo-BILL_HISTORY_TBL-*.dat';
const MO = 'reference/pages/missouri/senate-bill-actions-SB70-2011.html';
const SC = 'reference/pages/south-carolina/bill-status-S0494-2011.html';
const PUBLIC = 'public bill history (test/fixtures/status)';

/**
 * State legislatures' verbatim action text (Open States actions left unclassified, LIS,
 * California pubinfo, Missouri, South Carolina ...).
 */
export const STATE_ACTION_RULES: readonly ActionRule[] = [
  // --- Wordings that contain "passed", "signed", "withdrawn" or "adopted" but are not that.
  { id: 'va-passed-by-indefinitely', pattern: /^passed by indefinitely\b/i, classifications: ['committee-failure'], stop: true,
    example: 'Passed by indefinitely in Courts of Justice (14-Y 1-N)', exampleSource: VA },
  { id: 'va-passed-by-for-the-day', pattern: /passed by for the day/i, classifications: ['deferral'], stop: true,
    example: 'Passed by for the day', exampleSource: VA },
  { id: 'presiding-officer-signature', pattern: /^signed by (the )?(senate |house )?(president|speaker)|^(president|speaker)\b.*\bsigned\b/i, classifications: [], stop: true,
    example: 'Signed by Senate President', exampleSource: MO },
  { id: 'withdrawn-from-committee', pattern: /^withdrawn from committee\b/i, classifications: [], stop: true,
    example: 'Withdrawn from committee.', exampleSource: CA },
  { id: 'amendment-withdrawn', pattern: /\b(motion|amendment|HA \d+|SA \d+)\b.*\bwithdrawn\b/i, classifications: ['amendment-withdrawal'], stop: true,
    example: 'Motion to adopt HA 1 withdrawn', exampleSource: MO },
  { id: 'amendment-adopted', pattern: /^(?!.*\bpassed\b).*\b(amendments?|HA \d+|SA \d+|SS for|HCS|SCS|substitute)\b.*\badopted\b/i, classifications: ['amendment-passage'], stop: true,
    example: 'SS for SCS S offered & adopted (Schaefer)--(0089S.06F)', exampleSource: MO },
  { id: 'vote-record', pattern: /^vote: /i, classifications: [], stop: true,
    example: 'VOTE: Passage (51-Y 49-N)', exampleSource: VA },
  { id: 'governor-deadline', pattern: /governor's action deadline|requires \d+ affirmative votes to override/i, classifications: [], stop: true,
    example: "Governor's Action Deadline 11:59 p.m., May 2, 2025", exampleSource: VA },
  { id: 'veto-pending', pattern: /consideration of governor's veto pending/i, classifications: [], stop: true,
    example: "In Senate. Consideration of Governor's veto pending.", exampleSource: CA },

  // --- Executive and enactment.
  { id: 'veto-sustained', pattern: /\bveto sustained\b|\boverride\b.*\b(failed|fails|lost)\b|\bsustained (the )?governor's veto\b|\bveto override (failed|fails)\b|\bfailed to override\b/i, classifications: ['veto-override-failure'], stop: true,
    example: "House sustained Governor's veto", exampleSource: VA },
  { id: 'veto-overridden', pattern: /\bveto overridden\b|\boverr(ide|ode) (the )?(governor's |mayor's )?veto\b|\bpassed over (the )?(governor's )?veto\b|notwithstanding the objections? of the governor/i, classifications: ['veto-override-passage'], stop: true,
    example: 'Veto overridden', exampleSource: PUBLIC },
  { id: 'line-item-veto', pattern: /\bline[- ]item veto|\bitem veto|\bvetoed in part\b|\bpartial(ly)? veto/i, classifications: ['executive-veto-line-item'], stop: true,
    example: 'Approved by the Governor with item veto', exampleSource: PUBLIC },
  { id: 'vetoed', pattern: /\bvetoed by (the )?governor\b|^vetoed\b|\bgovernor vetoed\b|\bveto message\b/i, classifications: ['executive-veto'], stop: true,
    example: 'Vetoed by the Governor.', exampleSource: CA },
  { id: 'without-signature', pattern: /\bbecame law without (the )?(governor's )?signature\b|\bwithout (the )?governor's signature\b/i, classifications: ['became-law'], stop: true,
    example: "Became law without Governor's signature", exampleSource: PUBLIC },
  { id: 'governor-signed', pattern: /\b(signed|approved) by (the )?governor\b|\bgovernor (signed|approved)\b|^governor action - signed\b/i, classifications: ['executive-signature'],
    example: 'Approved by the Governor.', exampleSource: CA },
  { id: 'chaptered', pattern: /\bchaptered\b|\bgovernor-chapter \d+|\bacts of assembly chapter\b|\b(enacted|assigned),? chapter \d+|\bacts,? ch(apter|\.) \d+|\bchapter \d+,? statutes of\b/i, classifications: ['became-law'], stop: true,
    example: 'Chaptered by Secretary of State - Chapter 623, Statutes of 2025.', exampleSource: CA },
  { id: 'governor-signed-stop', pattern: /\b(signed|approved) by (the )?governor\b/i, classifications: [], stop: true,
    example: 'Signed by Governor', exampleSource: MO },
  { id: 'to-governor', pattern: /\b(communicated|delivered|presented|sent|transmitted) to (the )?governor\b|\bto governor at\b|\benrolled and to the governor\b/i, classifications: ['executive-receipt'],
    example: 'Enrolled Bill communicated to Governor on March 11, 2025', exampleSource: VA },
  { id: 'enrolled', pattern: /^enrolled\b|\btruly agreed to and finally passed\b|\bto engrossing and enrolling\b|\bto enrollment\b/i, classifications: ['enrolled'],
    example: 'Truly Agreed To and Finally Passed', exampleSource: MO },
  { id: 'governor-recommendation-accepted', pattern: /\bconcurred in (#'s [\d-]+ )?governor's recommendation/i, classifications: ['amendment-passage'], stop: true,
    example: "Senate concurred in Governor's recommendation (40-Y 0-N)", exampleSource: VA },
  { id: 'governor-recommendation-rejected', pattern: /\brejected governor's recommendation/i, classifications: ['amendment-failure'], stop: true,
    example: "Senate rejected Governor's recommendation (19-Y 21-N)", exampleSource: VA },

  // --- Death, withdrawal, carry-over.
  { id: 'continued-next-session', pattern: /\bcontinued to (the )?(\d{4}|next session)\b|\bcarried over\b|\bcarry ?over\b/i, classifications: ['carried-over'], stop: true,
    example: 'Continued to 2026 in Courts of Justice (14-Y 0-N)', exampleSource: PUBLIC },
  { id: 'left-in-committee', pattern: /^left in\b|\bdied in (committee|house|senate|assembly)\b/i, classifications: ['committee-failure'], stop: true,
    example: 'Left in Courts of Justice', exampleSource: VA },
  { id: 'failed-to-report', pattern: /\bfailed to report\b|\bsubcommittee failed to recommend\b|\bheld in committee\b(?! and under submission)/i, classifications: ['committee-failure'], stop: true,
    example: 'Failed to report from Health and Human Services with substitute (9-Y 12-N)', exampleSource: VA },
  { id: 'incorporated', pattern: /^incorporated by\b|\bincorporated into\b/i, classifications: ['committee-failure'], stop: true,
    example: 'Incorporated by Courts of Justice (HB1912-Reaser) (Voice Vote)', exampleSource: VA },
  { id: 'stricken-by-patron', pattern: /^stricken at (the )?request of (the )?patron|^stricken from (the )?docket|^stricken from (the )?(house|senate) calendar|\bwithdrawn by (the )?(author|sponsor|patron)|^(bill )?withdrawn\b|\bwithdrawn from further consideration\b/i, classifications: ['withdrawal'], stop: true,
    example: 'Stricken at request of Patron in General Laws and Technology (13-Y 0-N)', exampleSource: VA },
  { id: 'died-constitution', pattern: /^died\b|\bdied pursuant to\b|\bdied at desk\b|\bindefinitely postponed\b/i, classifications: ['failure'], stop: true,
    example: 'Died pursuant to Art. IV, Sec. 10(c) of the Constitution.', exampleSource: PUBLIC },
  { id: 'failed-vote', pattern: /\bfailed to pass\b|\bdefeated by (house|senate|assembly)\b|\band defeated\b|^defeated\b|^failed\b|\bfailed (passage|adoption)\b/i, classifications: ['failure'], stop: true,
    example: 'Read third time and defeated by Senate (13-Y 23-N 1-A)', exampleSource: VA },
  { id: 'tabled', pattern: /^tabled\b|\blaid on (the )?table\b|\bplaced on (the )?table\b/i, classifications: ['deferral'], stop: true,
    example: 'Tabled in Rules (14-Y 0-N)', exampleSource: VA },

  // --- Introduction and committee.
  { id: 'prefiled', pattern: /^prefiled\b|^pre-filed\b|^filed\b/i, classifications: ['filing'],
    example: 'Prefiled', exampleSource: MO },
  { id: 'introduced', pattern: /^introduced\b|\bintroduced and read first time\b|\bintroduced in (house|senate)\b/i, classifications: ['introduction'],
    example: 'Introduced and read first time', exampleSource: SC },
  { id: 'first-reading', pattern: /\bread first time\b|\bfirst read\b/i, classifications: ['reading-1'],
    example: 'Read first time.  To print.', exampleSource: CA },
  { id: 'referred-committee', pattern: /^referred to\b|\b(re-)?referred to (the )?(com\.|coms\.|committee|rules committee)|\breferred (s|h) \w|^referred: |\bto com\. on\b|^to (judiciary|.*\(h\)|.*\(s\))/i, classifications: ['referral-committee'],
    example: 'Referred to Committee on Medical Affairs', exampleSource: SC },
  { id: 'hearing', pattern: /^hearing conducted\b|\bpublic hearing held\b|\btestimony taken\b/i, classifications: ['hearing-held'],
    example: 'Hearing Conducted S Judiciary and Civil and Criminal Jurisprudence Committee - Consent', exampleSource: MO },
  { id: 'committee-unfavorable', pattern: /\bdo not pass\b|\bcommittee report: unfavorable|\breported unfavorabl/i, classifications: ['committee-passage-unfavorable'], stop: true,
    example: 'Committee report: Unfavorable Judiciary', exampleSource: PUBLIC },
  { id: 'committee-favorable', pattern: /\bdo pass\b|\bcommittee report: favorable|\breported favorably\b|\breported from\b|\breported do pass\b|\breported with(out)? amendment|\breported with substitute/i, classifications: ['committee-passage', 'committee-passage-favorable'],
    example: 'Reported from S Judiciary and Civil and Criminal Jurisprudence Committee to Floor w/SCS', exampleSource: MO },
  { id: 'second-reading', pattern: /\bread second time\b|\bsecond read\b/i, classifications: ['reading-2'],
    example: 'Read second time', exampleSource: SC },

  // --- Floor passage.
  { id: 'third-reading', pattern: /\bread third time\b|\bthird read\b/i, classifications: ['reading-3'],
    example: 'S Third Read and Passed', exampleSource: MO },
  { id: 'passed-floor', pattern: /\bpassed (house|senate|assembly)\b|\b(read third time|third read) and passed\b|\bthird read(ing)? and passed\b|\bread third time[.,] passed\b|\bpassed[.,]? and to (senate|assembly|house)\b|^passed\b|\bread third time and sent to (house|senate)\b|\bpassed on final reading\b|\bthird reading passed\b|\b3rd reading,? passed\b|\b(house|senate) passed\b/i, classifications: ['passage'],
    example: 'Read third time. Passed. Ordered to the Senate. (Ayes 77. Noes  0. Page 1420.)', exampleSource: CA },
  { id: 'agreed-to', pattern: /^agreed to by (house|senate)\b|^adopted\b|\b(resolution|house|senate) adopted\b|\badopted by (the )?(house|senate)\b/i, classifications: ['passage'],
    example: 'Agreed to by Senate by voice vote', exampleSource: VA },
  { id: 'conference-report-agreed', pattern: /\bconference report (agreed to|adopted)\b|^ccr [hs] (offered & )?adopted\b|\bccs [hs] third read and passed\b/i, classifications: ['passage'],
    example: 'Conference report agreed to by Senate', exampleSource: VA },
  { id: 'concurred', pattern: /\bamendments concurred in\b|\bconcurs in (assembly|senate|house) amendments\b|\bconcurred in (house|senate) amendments\b/i, classifications: ['concurrence'],
    example: 'Assembly amendments concurred in. (Ayes 40. Noes  0. Page 2741.) Ordered to engrossing and enrolling.', exampleSource: CA },
];

/**
 * Legistar matter-history action names (`MatterHistoryActionName`), council and committee
 * alike; who acted (committee or council) is decided from the action's actor afterwards.
 */
export const LEGISTAR_ACTION_RULES: readonly ActionRule[] = [
  { id: 'lg-recommend-fail', pattern: /^recommended (do not pass|to fail|not to pass|for denial)|^(recommended|reported) unfavorabl/i, classifications: ['committee-passage-unfavorable'], stop: true,
    example: 'Recommended Do Not Pass', exampleSource: PUBLIC },
  { id: 'lg-recommend-pass', pattern: /^recommended\b|\band forward\b|^forwarded\b|^reported favorabl|^approved the recommendation/i, classifications: ['committee-passage', 'committee-passage-favorable'], stop: true,
    example: 'Recommended to Pass', exampleSource: 'reference/legistar/chicago/dupe_event.json' },
  { id: 'lg-mayor-signed', pattern: /\b(signed|approved) by (the )?mayor\b|^mayor'?s? (signed|approved|signature)/i, classifications: ['executive-signature'], stop: true,
    example: 'Signed by the Mayor', exampleSource: PUBLIC },
  { id: 'lg-veto-override', pattern: /\boverrid(e|den)\b/i, classifications: ['veto-override-passage'], stop: true,
    example: 'Veto Overridden', exampleSource: PUBLIC },
  { id: 'lg-vetoed', pattern: /^vetoed\b|\bvetoed by (the )?mayor\b/i, classifications: ['executive-veto'], stop: true,
    example: 'Vetoed', exampleSource: PUBLIC },
  { id: 'lg-enacted', pattern: /^enacted\b|^became law\b|^local law\b/i, classifications: ['became-law'], stop: true,
    example: 'Enacted', exampleSource: PUBLIC },
  { id: 'lg-failed', pattern: /^failed\b|^not adopted\b|^defeated\b|^denied\b|^rejected\b/i, classifications: ['failure'], stop: true,
    example: 'Failed', exampleSource: PUBLIC },
  // In Legistar "Filed" closes a matter with no action (NYC "Filed (End of Session)"); it is
  // not Open States' `filing`, which is the start of a bill.
  { id: 'lg-filed', pattern: /^filed\b|^placed on file\b|^received and filed\b/i, classifications: ['failure'], stop: true,
    example: 'Filed', exampleSource: PUBLIC },
  { id: 'lg-withdrawn', pattern: /^withdrawn\b/i, classifications: ['withdrawal'], stop: true,
    example: 'Withdrawn', exampleSource: PUBLIC },
  { id: 'lg-adopted', pattern: /^(adopted|passed|approved|enacted)\b/i, classifications: ['passage'], stop: true,
    example: 'Passed', exampleSource: 'reference/legistar/chicago/dupe_event.json' },
  { id: 'lg-introduced', pattern: /^introduced\b|^direct introduction\b|^introduction\b/i, classifications: ['introduction'],
    example: 'Introduced and Referred', exampleSource: PUBLIC },
  { id: 'lg-referred', pattern: /\breferred\b/i, classifications: ['referral-committee'], stop: true,
    example: 'Referred', exampleSource: 'reference/legistar/chicago/dupe_event.json' },
  { id: 'lg-continued', pattern: /^continued\b|^held\b|^deferred\b|^tabled\b|^laid over\b|^laid on the table\b/i, classifications: ['deferral'], stop: true,
    example: 'Continued', exampleSource: 'reference/pages/oakland/legistar-api-eventitems-public-safety-2019-04-23.json' },
  { id: 'lg-hearing', pattern: /^(public )?hearing held\b|^hearing\b/i, classifications: ['hearing-held'], stop: true,
    example: 'Hearing Held by Committee', exampleSource: PUBLIC },
];
