/**
 * The Open States bill-action vocabulary (openstates-core `BILL_ACTION_CLASSIFICATION_CHOICES`,
 * reference/openstates-API.md §2.1). Every normalized classification is one of these, so the
 * status reducer and the API speak one vocabulary whatever the source.
 */
export const ACTION_CLASSIFICATIONS = [
  'filing', 'introduction', 'enrolled', 'reading-1', 'reading-2', 'reading-3',
  'passage', 'informal-passage', 'failure', 'withdrawal', 'substitution',
  'amendment-introduction', 'amendment-passage', 'amendment-withdrawal', 'amendment-failure',
  'amendment-amendment', 'amendment-deferral',
  'committee-passage', 'committee-passage-favorable', 'committee-passage-unfavorable', 'committee-failure',
  'executive-receipt', 'executive-signature', 'executive-veto', 'executive-veto-line-item',
  'became-law', 'veto-override-passage', 'veto-override-failure',
  'deferral', 'receipt', 'referral', 'referral-committee', 'hearing-held', 'work-session',
  'sponsorship', 'carried-over', 'reported-out-of-committee', 'concurrence',
] as const;
export type ActionClassification = (typeof ACTION_CLASSIFICATIONS)[number];

const KNOWN = new Set<string>(ACTION_CLASSIFICATIONS);

/** True when `value` is one of the 38 Open States action classifications. */
export function isActionClassification(value: string): value is ActionClassification {
  return KNOWN.has(value);
}
