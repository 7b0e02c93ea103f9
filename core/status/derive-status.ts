import { STAGES, type Stage, type Status } from '../vocabulary.js';
import type { NormalizedAction } from '../bill/bill.schema.js';
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
 *   one, never records a signature). A council or chamber *resolution* is enacted on adoption.
 * - Simple resolutions (`classification` exactly `resolution`) are final on adoption by one
 *   chamber; concurrent resolutions on adoption by both (no governor).
 * - Session end: a bill still pending when `today` is more than EXECUTIVE_GRACE_DAYS after the
 *   session's end date is `failed`, unless it was carried over, or it had already passed the
 *   legislature (then it waits on the executive, and scraping may simply have stopped: it
 *   stays `pending` rather than being called dead on a guess).
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
  session?: { endDate: string | null };
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

function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
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
  const classification = input.classification.trim().toLowerCase();
  const simpleResolution = classification === 'resolution';
  const concurrentResolution = classification === 'concurrent resolution';
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
  const enact = (index: number, why: string): void => {
    stage = 'enacted';
    stageAction = index;
    settle('enacted', index, why);
  };
  const chambersPassed = (): number => passedChambers.size + unknownPassages;

  input.actions.forEach((action, i) => {
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
      } else if (simpleResolution) {
        if (status !== 'enacted') enact(i, `resolution adopted: ${text}`);
      } else if (input.legislature === 'council') {
        raise('passed_legislature', i, `adopted by the council: ${text}`);
        if (councilAdoption === null) councilAdoption = i;
      } else if (input.legislature === 'unicameral') {
        raise('passed_legislature', i, `passed the legislature: ${text}`);
      } else {
        if (actor === 'lower' || actor === 'upper') {
          passedChambers.add(actor);
        } else if (origin && !passedChambers.has(origin)) {
          passedChambers.add(origin);
        } else if (origin) {
          passedChambers.add(origin === 'lower' ? 'upper' : 'lower');
        } else {
          unknownPassages += 1;
        }
        if (chambersPassed() >= 2) {
          if (concurrentResolution && status !== 'enacted') enact(i, `concurrent resolution adopted by both chambers: ${text}`);
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
      if (actor === 'lower' || actor === 'upper') overrideChambers.add(actor);
      else unknownOverrides += 1;
      const complete = input.legislature !== 'bicameral' || overrideChambers.size + unknownOverrides >= 2;
      if (complete && status !== 'enacted') enact(i, `veto overridden: ${text}`);
      else if (status === 'vetoed') reason = `veto override passed one chamber: ${text}`;
      return;
    }
    if (has('veto-override-failure')) {
      if (status !== 'enacted') settle('vetoed', i, `veto sustained: ${text}`);
      return;
    }
    if (status === 'enacted' || status === 'vetoed') return;
    if (has('withdrawal')) {
      settle('withdrawn', i, `withdrawn: ${text}`);
    } else if (has('failure') || has('committee-failure')) {
      settle('failed', i, `${has('committee-failure') ? 'failed in committee' : 'failed'}: ${text}`);
    }
  });

  // Hints only settle what the actions leave open.
  const hints = readStatusHints(input.statusHints);
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
    if (hints.enacted) {
      enact(-1, 'enacted (source status)');
    } else if ((hints.passed || hints.adopted) && simpleResolution) {
      enact(-1, 'resolution adopted (source status)');
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

  const endDate = input.session?.endDate ?? null;
  if (status === 'pending' && !carriedOver && endDate && input.today > addDays(endDate, EXECUTIVE_GRACE_DAYS)
    && stageIndex(stage) < stageIndex('passed_legislature')) {
    settle('failed', null, `session ended ${endDate} without passage`);
  }

  const fromHint = (index: number | null): number | null => (index === null || index < 0 ? null : index);
  return {
    stage,
    status,
    decisiveAction: status === 'pending' ? fromHint(stageAction) : fromHint(statusAction),
    classifications,
    reason,
    carriedOver,
  };
}
