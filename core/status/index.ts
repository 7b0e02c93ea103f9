/** The status model's public surface: action classification tables and the status reducer. */
export { ACTION_CLASSIFICATIONS, isActionClassification, type ActionClassification } from './action-classifications.js';
export { STATE_ACTION_RULES, LEGISTAR_ACTION_RULES, type ActionRule } from './action-rules.table.js';
export { normalizeActionClassification, applyActionRules, type ClassifiableAction } from './normalize-action.js';
export { deriveStatus, EXECUTIVE_GRACE_DAYS, MAYOR_WINDOW_DAYS, type DeriveStatusInput, type DerivedStatus, type LegislatureKind } from './derive-status.js';
export { readStatusHints, type StatusHintFlags } from './status-hints.js';
