import { STAGES, type Stage, type Status } from '../vocabulary.js';
import type { NormalizedAction } from '../bill/bill.schema.js';
import { adoptionRule, billKind, isResolutionKind } from '../bill/bill-kind.js';
import { addDays } from '../sessions/session-end.js';
import type { ActionClassification } from './action-classifications.js';
import { normalizeActionClassification } from './normalize-action.js';
import { readStatusHints } from './status-hints.js';

/**
 * The one status model for state bills and city ordinances (ARCHITECTURE.md "One status
 * model"): a deterministic reducer over a bill's actions in their given order.
 *
 * Decisions worth knowing (each is tested in test/unit/status/derive-status.test.ts):
 * - The LAST terminal action decides: a failed vote followed by a passage, a report or a
 *   reading means the bill was reconsidered and is alive again.
 * - Councils: adoption by the council is `passed_legislature`. It becomes `enacted` when the
 *   mayor signs, a veto is overridden, or, where the source records no mayoral action at all,
 *   once MAYOR_WINDOW_DAYS have passed since adoption with no veto (Chicago's Legistar, for
 *   one, never records a signature).
 * - Resolutions are not laws: a simple resolution (a council's too) is `adopted` on adoption by
 *   its one body; joint and concurrent resolutions and memorials once every chamber passed
 *   them, and they stay `adopted` whatever follows (Virginia assigns chapters to joint
 *   resolutions proposing amendments). A constitutional amendment is `adopted` when the
 *   legislature refers it to the voters. core/bill/bill-kind.ts decides the kind. Stage
 *   `passed_legislature`, status `adopted`.
 * - Vetoes: a `veto-override-passage` by the legislature as a whole (actor `legislature`)
 *   overrides at once; per-chamber overrides need both chambers (one where there is one).
 * - Session end: a bill still pending when `today` is more than EXECUTIVE_GRACE_DAYS after the
 *   session's end (core/sessions/session-end.ts says when that is) is `failed`, unless it was
 *   carried over (it stays pending in its session). A governor's action deadline recorded in
 *   the actions (Virginia's "Governor's Action Deadline 11:59 p.m., May 2, 2025") extends the
 *   wait for a bill that passed the legislature.
 * - Status hints (Legistar MatterStatusName, Virginia's flags) fill in only what the actions
 *   leave open: they raise the stage and settle a `pending` status, never overrule a terminal
 *   outcome the actions show.
 */

/** Days a governor may still act after sine die before an unfinished bill is called dead. */
export const EXECUTIVE_GRACE_DAYS = 45;
/** Days after council adoption without a recorded veto before an ordinance counts as in force. */
export const MAYOR_WINDOW_DAYS = 30;

export type LegislatureKind = 'bicameral' | 'unicameral' | 'council';

export type DeriveStatusInput = {
  actions: Array<Pick<NormalizedAction, 'description'> & Partial<NormalizedAction>>;
  /** bill | resolution | joint resolution | concurrent resolution | ordinance | ... */
  classification: string;
  /** Origin: lower | upper | legislature | council. */
  chamber: string | null;
  legislature: LegislatureKind;
  statusHints: string[];
  /** When the bill's session ends (core/sessions/session-end.ts), and the words for the change log. */
  session?: { endDate: string | null; cause?: string };
  /** The identifier (`HR 807`), which tells a resolution from a bill when the classification is generic. */
  identifier?: string;
  /** YYYY-MM-DD */
  today: string;
  /** Source kind for the action tables (`openstates`, `legistar`, `virginia-lis` ...); defaults by legislature. */
  sourceKind?: string;
};

export type DerivedStatus = {
  stage: Stage;
  status: Status;
  /** Index into `actions` of the action that set the current status (or, while pending, the stage); null when hints or the session end decided. */
  decisiveAction: number | null;
  /** Normalized classifications, one array per action. */
  classifications: string[][];
  /** One line saying why, for the change log and for staff. */
  reason: string;
  /** A carry-over action or hint was seen (the bill survives the session end). */
  carriedOver: boolean;
  /** Set when time, not an action, decided the status (the session ended): its date and words. */
  cause: { date: string | null; description: string } | null;
};

type Chamber = 'lower' | 'upper';

const PROGRESS: ReadonlySet<ActionClassification> = new Set<ActionClassification>([
  'passage', 'informal-passage', 'committee-passage', 'committee-passage-favorable', 'reported-out-of-committee',
  'reading-2', 'reading-3', 'enrolled', 'executive-receipt', 'concurrence', 'referral-committee', 'referral',
  'executive-signature', 'became-law', 'executive-veto-line-item', 'veto-override-passage',
]);
const COMMITTEE_STEPS: ReadonlySet<ActionClassification> = new Set<ActionClassification>([
  'referral-committee', 'referral', 'committee-passage', 'committee-passage-favorable', 'committee-passage-unfavorable',
  'committee-failure', 'hearing-held', 'work-session', 'reported-out-of-committee',
]);

function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The day of an executive's action deadline stated in an action ("Governor's Action Deadline 11:59 p.m., May 2, 2025"), or null. */
function executiveDeadline(text: string): string | null {
  const match = /\b(?:governor|mayor)'?s action deadline\b.*?\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),\s*(\d{4})/i.exec(text);
  if (!match) return null;
  return `${match[3]}-${String(MONTHS.indexOf(match[1].toLowerCase()) + 1).padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

/** Which chamber acted, from the actor or, when the source gave none, from wording like "passed House". */
function chamberOf(action: DeriveStatusInput['actions'][number]): Chamber | 'legislature' | 'committee' | 'executive' | null {
  const actor = action.actorClassification ?? null;
  if (actor === 'lower' || actor === 'upper' || actor === 'committee') return actor;
  if (actor === 'executive' || actor === 'mayor') return 'executive';
  if (actor === 'legislature' || actor === 'council') return 'legislature';
  const text = action.description;
  if (/\b(passed|by|in) (the )?(house|assembly)\b|^(house|assembly) |^h /i.test(text)) return 'lower';
  if (/\b(passed|by|in) (the )?senate\b|^senate |^s /i.test(text)) return 'upper';
  return null;
}

/**
 * Stage and status of a bill or ordinance from its actions, classification, legislature kind
 * and status hints (see the module comment for the rules). Pure and deterministic: the same
 * input and `today` give the same answer. Never throws on odd input; unknown wording is
 * simply left unclassified.
 */
export function deriveStatus(input: DeriveStatusInput): DerivedStatus {
  const sourceKind = input.sourceKind ?? (input.legislature === 'council' ? 'legistar' : 'openstates');
  const kind = billKind(input.classification, input.identifier);
  const adoption = adoptionRule(kind);
  // Resolutions never become law: a chapter number or a signature on one still means adopted.
  const resolution = isResolutionKind(kind);
  const origin: Chamber | null = input.chamber === 'lower' || input.chamber === 'upper' ? input.chamber : null;

  const classifications = input.actions.map((a) => normalizeActionClassification(a, sourceKind));

  let stage: Stage = 'introduced';
  let status: Status = 'pending';
  let stageAction: number | null = input.actions.length > 0 ? 0 : null;
  let statusAction: number | null = null;
  let reason = input.actions.length > 0 ? 'introduced' : 'no actions';
  let carriedOver = false;
  const passedChambers = new Set<Chamber>();
  let unknownPassages = 0;
  const overrideChambers = new Set<Chamber>();
  let unknownOverrides = 0;
  let councilAdoption: number | null = null;
  let executiveActedAfterAdoption = false;
  let deadline = null as string | null;
  let cause = null as DerivedStatus['cause'];

  const raise = (next: Stage, index: number, why: string): void => {
    if (stageIndex(next) <= stageIndex(stage)) return;
    stage = next;
    stageAction = index;
    if (status === 'pending') reason = why;
  };
  const settle = (next: Status, index: number | null, why: string): void => {
    status = next;
    statusAction = index;
    reason = why;
  };
  /** A resolution passed by every body it needs: adopted, never a law. */
  const adopt = (index: number, why: string): void => {
    raise('passed_legislature', index, why);
    if (status !== 'enacted' && status !== 'adopted') settle('adopted', index, why);
  };
  const enact = (index: number, why: string): void => {
    if (resolution) {
      adopt(index, why);
      return;
    }
    stage = 'enacted';
    stageAction = index;
    settle('enacted', index, why);
  };
  const chambersPassed = (): number => passedChambers.size + unknownPassages;

  input.actions.forEach((action, i) => {
    const due = executiveDeadline(action.description);
    if (due && (!deadline || due > deadline)) deadline = due;
    const classes = new Set(classifications[i]);
    if (classes.size === 0) return;
    const has = (c: ActionClassification): boolean => classes.has(c);
    const actor = chamberOf(action);
    const text = action.description;

    // Reconsideration: progress after a failure or withdrawal brings the bill back.
    if ((status === 'failed' || status === 'withdrawn') && [...classes].some((c) => PROGRESS.has(c))) {
      settle('pending', null, `revived: ${text}`);
    }
    if (has('carried-over')) carriedOver = true;
    if (has('introduction') || has('filing') || has('reading-1')) raise('introduced', i, 'introduced');
    if ([...classes].some((c) => COMMITTEE_STEPS.has(c))) raise('committee', i, `in committee: ${text}`);

    if (has('passage') || has('informal-passage')) {
      if (actor === 'committee') {
        raise('committee', i, `in committee: ${text}`);
      } else if (adoption === 'one-chamber' || (adoption && input.legislature !== 'bicameral')) {
        adopt(i, `resolution adopted: ${text}`);
      } else if (input.legislature === 'council') {
        raise('passed_legislature', i, `adopted by the council: ${text}`);
        if (councilAdoption === null) councilAdoption = i;
      } else if (input.legislature === 'unicameral') {
        raise('passed_legislature', i, `passed the legislature: ${text}`);
      } else {
        if (actor === 'legislature') {
          // A vote of the legislature as a whole (a joint session) is both chambers' passage.
          passedChambers.add('lower');
          passedChambers.add('upper');
        } else if (actor === 'lower' || actor === 'upper') {
          passedChambers.add(actor);
        } else if (origin && !passedChambers.has(origin)) {
          passedChambers.add(origin);
        } else if (origin) {
          passedChambers.add(origin === 'lower' ? 'upper' : 'lower');
        } else {
          unknownPassages += 1;
        }
        if (chambersPassed() >= 2) {
          if (adoption) adopt(i, `resolution adopted by both chambers: ${text}`);
          else raise('passed_legislature', i, `passed both chambers: ${text}`);
        } else {
          raise('passed_one_chamber', i, `passed one chamber: ${text}`);
        }
      }
    }
    if (has('enrolled') || has('executive-receipt')) {
      raise('passed_legislature', i, `sent to the executive: ${text}`);
      if (councilAdoption !== null) executiveActedAfterAdoption = true;
    }

    if (has('executive-signature') || has('became-law') || has('executive-veto-line-item')) {
      if (councilAdoption !== null) executiveActedAfterAdoption = true;
      const why = has('executive-veto-line-item') ? `enacted with line-item vetoes: ${text}` : has('executive-signature') ? `signed: ${text}` : `became law: ${text}`;
      if (status !== 'enacted') enact(i, why);
      return;
    }
    if (has('executive-veto')) {
      if (councilAdoption !== null) executiveActedAfterAdoption = true;
      raise('passed_legislature', i, `sent to the executive: ${text}`);
      if (status !== 'enacted') settle('vetoed', i, `vetoed: ${text}`);
      return;
    }
    if (has('veto-override-passage')) {
      // The legislature as a whole (Open States organization `legislature`) overrides in one vote.
      const whole = actor === 'legislature';
      if (actor === 'lower' || actor === 'upper') overrideChambers.add(actor);
      else if (!whole) unknownOverrides += 1;
      const complete = whole || input.legislature !== 'bicameral' || overrideChambers.size + unknownOverrides >= 2;
      if (complete && status !== 'enacted') enact(i, `veto overridden: ${text}`);
      else if (status === 'vetoed') reason = `veto override passed one chamber: ${text}`;
      return;
    }
    if (has('veto-override-failure')) {
      if (status !== 'enacted') settle('vetoed', i, `veto sustained: ${text}`);
      return;
    }
    if (status === 'enacted' || status === 'vetoed' || status === 'adopted') return;
    if (has('withdrawal')) {
      settle('withdrawn', i, `withdrawn: ${text}`);
    } else if (has('failure') || has('committee-failure')) {
      settle('failed', i, `${has('committee-failure') ? 'failed in committee' : 'failed'}: ${text}`);
    }
  });

  // Hints only settle what the actions leave open.
  const hints = readStatusHints(input.statusHints);
  // Both mean dead; where the source's own flags call it failed (Virginia's Failed=Y on a bill
  // "Stricken at request of Patron"), the source names its own outcome.
  if ((status as Status) === 'withdrawn' && hints.failed && !hints.withdrawn) settle('failed', statusAction, `failed (source status): ${reason.replace(/^withdrawn: /, '')}`);
  if (hints.carriedOver) carriedOver = true;
  if (hints.introduced) raise('introduced', -1, 'introduced');
  if (hints.inCommittee) raise('committee', -1, 'in committee (source status)');
  for (const chamber of hints.passedChambers) {
    if (input.legislature === 'bicameral') passedChambers.add(chamber);
  }
  if (input.legislature === 'bicameral' && hints.passedChambers.length > 0) {
    raise(chambersPassed() >= 2 ? 'passed_legislature' : 'passed_one_chamber', -1, 'passed (source status)');
  }
  if (status === 'pending') {
    if (adoption && (hints.passed || hints.adopted || hints.enacted)) {
      adopt(-1, 'resolution adopted (source status)');
    } else if (hints.enacted) {
      enact(-1, 'enacted (source status)');
    } else if (hints.vetoed) {
      raise('passed_legislature', -1, 'vetoed (source status)');
      settle('vetoed', -1, 'vetoed (source status)');
    } else if (hints.withdrawn) {
      settle('withdrawn', -1, 'withdrawn (source status)');
    } else if (hints.failed) {
      settle('failed', -1, 'failed (source status)');
    } else if (hints.passed || hints.adopted) {
      raise(hints.adopted && input.legislature === 'bicameral' && !hints.passed ? 'passed_one_chamber' : 'passed_legislature', -1, 'passed (source status)');
    }
  }

  // Council ordinances with no mayoral step recorded count as in force after the veto window.
  if (input.legislature === 'council' && status === 'pending' && councilAdoption !== null && !executiveActedAfterAdoption) {
    const adopted = input.actions[councilAdoption].date ?? null;
    if (adopted && input.today > addDays(adopted, MAYOR_WINDOW_DAYS)) {
      enact(councilAdoption, `adopted by the council, no mayoral veto within ${MAYOR_WINDOW_DAYS} days: ${input.actions[councilAdoption].description}`);
    }
  }

  // Time: a bill still pending when its session is over (and the executive's grace with it) has failed.
  const endDate = input.session?.endDate ?? null;
  if (status === 'pending' && !carriedOver && endDate) {
    const graceEnds = addDays(endDate, EXECUTIVE_GRACE_DAYS);
    const waitUntil = deadline && stageIndex(stage) >= stageIndex('passed_legislature') && deadline > graceEnds ? deadline : graceEnds;
    if (input.today > waitUntil) {
      const words = input.session?.cause ?? `session ended ${endDate}`;
      settle('failed', null, words);
      cause = { date: endDate, description: words };
    }
  }

  const fromHint = (index: number | null): number | null => (index === null || index < 0 ? null : index);
  return {
    stage,
    status,
    decisiveAction: status === 'pending' ? fromHint(stageAction) : fromHint(statusAction),
    classifications,
    reason,
    carriedOver,
    cause,
  };
}
