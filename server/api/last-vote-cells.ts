import type { BillVote } from '../../db/queries/bill-detail.js';
import { voteTallyText } from '../../core/bill/vote-tally.js';

/** The bill CSV's columns for a bill's latest roll-call vote. */
export const LAST_VOTE_COLUMNS = ['last_vote_date', 'last_vote_body', 'last_vote_motion', 'last_vote_result', 'last_vote_yes', 'last_vote_no', 'last_vote_tally'] as const;

/** The cells of LAST_VOTE_COLUMNS for a vote (all empty when the bill has none). */
export function lastVoteCells(vote: BillVote | undefined): (string | number | null)[] {
  if (!vote) return LAST_VOTE_COLUMNS.map(() => null);
  return [vote.date, vote.organization, vote.motion, vote.result, vote.counts.yes ?? null, vote.counts.no ?? null, voteTallyText(vote.counts)];
}
