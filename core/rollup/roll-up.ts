import type { MapStatus, Stance, Status, Strength } from '../vocabulary.js';

/** One bill or curated law bearing on a jurisdiction's policy. */
export type RollupItem =
  | { kind: 'bill'; id: number; stance: Stance; status: Status; strength: Strength | null }
  | { kind: 'law'; id: number; stance: Stance; outcome: 'enacted' | 'pending' | 'failed' | 'overturned'; strength: Strength | null };

export type RollupCell = {
  status: MapStatus;
  strength: Strength | null;
  /** The bills and laws behind the status (supporting ones at the winning level). */
  billIds: number[];
  curatedLawIds: number[];
  /** Pending opposing bills. */
  threatBillIds: number[];
};

/** Most telling first: a law in force outranks a voided one, which outranks a live bill. */
const RANK: MapStatus[] = ['enacted', 'overturned', 'pending', 'failed', 'none'];

function levelOf(item: RollupItem): MapStatus {
  const outcome = item.kind === 'law' ? item.outcome : item.status;
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

/**
 * Where a jurisdiction stands on one policy (POLICIES.md): `enacted` when a supporting law
 * is in force (strength full if any is full, else partial: the machine default), else
 * `overturned` when one was voided, `pending` when a supporting bill is alive, `failed`
 * when all tried and none passed, `none` when nothing is tracked. Opposing bills still
 * pending are threats. Stance `unclear` counts for nothing until staff settle it.
 */
export function rollUp(items: RollupItem[]): RollupCell {
  const supporting = items.filter((i) => i.stance === 'supports');
  const threats = items.filter((i) => i.kind === 'bill' && i.stance === 'opposes' && i.status === 'pending').map((i) => i.id);
  let status: MapStatus = 'none';
  for (const level of RANK) {
    if (supporting.some((i) => levelOf(i) === level)) {
      status = level;
      break;
    }
  }
  const behind = supporting.filter((i) => status !== 'none' && levelOf(i) === status);
  const strength: Strength | null =
    status === 'enacted' ? (behind.some((i) => i.strength === 'full') ? 'full' : 'partial') : null;
  return {
    status,
    strength,
    billIds: behind.filter((i) => i.kind === 'bill').map((i) => i.id).sort((a, b) => a - b),
    curatedLawIds: behind.filter((i) => i.kind === 'law').map((i) => i.id).sort((a, b) => a - b),
    threatBillIds: threats.sort((a, b) => a - b),
  };
}
