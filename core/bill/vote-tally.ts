import { VOTE_OPTIONS, type VoteOption } from '../vocabulary.js';

/** How each vote option reads to people, in the vocabulary's order. */
export const VOTE_OPTION_LABELS: Readonly<Record<VoteOption, string>> = {
  yes: 'Yes', no: 'No', abstain: 'Abstain', absent: 'Absent', excused: 'Excused', 'not voting': 'Not voting', paired: 'Paired', other: 'Other',
};

/**
 * A vote's tally in one line, `Yes 56 · No 41 · Not voting 1`: the options counted, in the
 * vocabulary's order, zero counts left out. Empty when nothing was counted.
 */
export function voteTallyText(counts: Partial<Record<VoteOption, number>>): string {
  return VOTE_OPTIONS.filter((o) => (counts[o] ?? 0) > 0)
    .map((o) => `${VOTE_OPTION_LABELS[o]} ${counts[o]}`)
    .join(' · ');
}
