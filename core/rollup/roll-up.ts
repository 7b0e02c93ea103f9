import type { MapStatus, Stance, Status, Strength } from '../vocabulary.js';

/** One bill or curated law bearing on a jurisdiction's policy. */
export type RollupItem =
  | { kind: 'bill'; id: number; stance: Stance; status: Status; strength: Strength | null }
  | { kind: 'law'; id: number; stance: Stance; outcome: 'enacted' | 'pending' | 'failed' | 'overturned'; strength: Strength | null };

/**
 * Items of one cell alike in everything the rollup looks at (kind, stance, status or
 * outcome, strength), counted: the database hands a cell over in this form, so a cell with
 * thousands of bills costs one row per kind of item, not one per bill.
 */
export type RollupGroup = {
  kind: 'bill' | 'law';
  stance: Stance;
  /** A bill's status, or a curated law's outcome. */
  outcome: Status | 'enacted' | 'pending' | 'failed' | 'overturned';
  strength: Strength | null;
  count: number;
  /** The group's newest ids (highest first), at least ROLLUP_REFS_PER_CELL of them when there are that many. */
  newestIds: number[];
};

/** References a stored cell keeps per list: the newest bills behind the status and the newest threats. */
export const ROLLUP_REFS_PER_CELL = 25;

export type RollupCell = {
  status: MapStatus;
  strength: Strength | null;
  /** The newest bills behind the status (supporting ones at the winning level), highest id first. */
  billIds: number[];
  /** How many bills are behind the status. */
  billCount: number;
  /** Every curated law behind the status, lowest id first. */
  curatedLawIds: number[];
  /** The newest pending opposing bills, highest id first. */
  threatBillIds: number[];
  /** How many pending opposing bills there are. */
  threatCount: number;
};

/** Most telling first: a law in force outranks a voided one, which outranks a live bill. */
const RANK: MapStatus[] = ['enacted', 'overturned', 'pending', 'failed', 'none'];

/** The map level a bill status or law outcome counts at: failed, vetoed and withdrawn all count as failed. */
export function levelOf(outcome: RollupGroup['outcome']): MapStatus {
  switch (outcome) {
    case 'enacted':
      return 'enacted';
    case 'overturned':
      return 'overturned';
    case 'pending':
    case 'adopted': // a constitutional amendment the legislature referred to the voters
      return 'pending';
    default:
      return 'failed'; // failed, vetoed, withdrawn
  }
}

/** True when a bill with this stance and status is one of those behind a cell at `cellStatus`. */
export function isBehindStatus(cellStatus: MapStatus, bill: { stance: Stance; status: Status }): boolean {
  return cellStatus !== 'none' && bill.stance === 'supports' && levelOf(bill.status) === cellStatus;
}

/** True when a bill with this stance and status threatens the policy (a pending opposing bill). */
export function isThreat(bill: { stance: Stance; status: Status }): boolean {
  return bill.stance === 'opposes' && bill.status === 'pending';
}

/** The newest `limit` ids of the groups, highest first. */
function newestOf(groups: RollupGroup[], limit: number): number[] {
  return groups.flatMap((g) => g.newestIds).sort((a, b) => b - a).slice(0, limit);
}

/**
 * Where a jurisdiction stands on one policy (POLICIES.md), from its items in groups:
 * `enacted` when a supporting law is in force (strength full if any is full, else partial;
 * an item's strength is staff's, else the machine's: a ban full, a restriction partial;
 * none counts as partial), else `overturned` when one was voided, `pending` when a
 * supporting bill is alive, `failed` when all tried and none passed, `none` when nothing is
 * tracked. Opposing bills still pending are threats. Stance `unclear` counts for nothing
 * until staff settle it. Keeps counts and the newest `refs` references of each list.
 */
export function rollUpGroups(groups: RollupGroup[], refs = ROLLUP_REFS_PER_CELL): RollupCell {
  const supporting = groups.filter((g) => g.stance === 'supports' && g.count > 0);
  const threats = groups.filter((g) => g.kind === 'bill' && isThreat({ stance: g.stance, status: g.outcome as Status }) && g.count > 0);
  let status: MapStatus = 'none';
  for (const level of RANK) {
    if (supporting.some((g) => levelOf(g.outcome) === level)) {
      status = level;
      break;
    }
  }
  const behind = supporting.filter((g) => status !== 'none' && levelOf(g.outcome) === status);
  const bills = behind.filter((g) => g.kind === 'bill');
  const strength: Strength | null = status === 'enacted' ? (behind.some((g) => g.strength === 'full') ? 'full' : 'partial') : null;
  return {
    status,
    strength,
    billIds: newestOf(bills, refs),
    billCount: bills.reduce((n, g) => n + g.count, 0),
    curatedLawIds: behind.filter((g) => g.kind === 'law').flatMap((g) => g.newestIds).sort((a, b) => a - b),
    threatBillIds: newestOf(threats, refs),
    threatCount: threats.reduce((n, g) => n + g.count, 0),
  };
}
