import type { NormalizedAction } from '../bill/bill.schema.js';
import { isActionClassification, type ActionClassification } from './action-classifications.js';
import { LEGISTAR_ACTION_RULES, STATE_ACTION_RULES, type ActionRule } from './action-rules.table.js';

/** The parts of an action the classification looks at; adapters' records fit as they are. */
export type ClassifiableAction = Pick<NormalizedAction, 'description'> &
  Partial<Pick<NormalizedAction, 'sourceClassification' | 'passed' | 'actorClassification'>>;

/** Applies a rule table to one string; returns the classifications and the ids of the rows that fired. */
export function applyActionRules(text: string, rules: readonly ActionRule[]): { classifications: ActionClassification[]; ruleIds: string[] } {
  const found = new Set<ActionClassification>();
  const ruleIds: string[] = [];
  const trimmed = text.trim();
  for (const rule of rules) {
    if (!rule.pattern.test(trimmed)) continue;
    ruleIds.push(rule.id);
    for (const c of rule.classifications) found.add(c);
    if (rule.stop) break;
  }
  return { classifications: [...found], ruleIds };
}

function isLegistarSource(sourceKind: string): boolean {
  return sourceKind === 'legistar' || sourceKind.startsWith('legistar');
}

/** Who acted decides what "Approved" means: a committee recommends, a council adopts, a mayor signs. */
function adjustForActor(classes: ActionClassification[], actor: ClassifiableAction['actorClassification']): ActionClassification[] {
  if (actor === 'committee') {
    return classes.map((c) => (c === 'passage' ? 'committee-passage' : c === 'failure' ? 'committee-failure' : c));
  }
  if (actor === 'mayor' || actor === 'executive') {
    return classes.map((c) => (c === 'passage' ? 'executive-signature' : c));
  }
  return classes;
}

/** A Legistar passed flag of 0 turns a vote into a failure whatever its name says. */
function applyPassedFlag(classes: ActionClassification[], passed: boolean | null | undefined, actor: ClassifiableAction['actorClassification']): ActionClassification[] {
  const committee = actor === 'committee';
  if (passed === false) {
    const votes = classes.filter((c) => c === 'passage' || c.startsWith('committee-passage'));
    if (votes.length > 0 || classes.length === 0) {
      const rest = classes.filter((c) => c !== 'passage' && !c.startsWith('committee-passage'));
      return [...rest, committee ? 'committee-failure' : 'failure'];
    }
    return classes;
  }
  if (passed === true && classes.length === 0) return [committee ? 'committee-passage' : 'passage'];
  return classes;
}

function unique(values: ActionClassification[]): ActionClassification[] {
  return [...new Set(values)];
}

/**
 * Normalized Open States classifications for one action. The source's own Open States
 * classifications are trusted when present; otherwise the verbatim description goes through
 * the state text table, or, for `legistar*` sources, the action name (first
 * `sourceClassification`, else the description) goes through the Legistar table together
 * with the passed flag and the actor. Returns [] when nothing is recognised; never throws.
 */
export function normalizeActionClassification(action: ClassifiableAction, sourceKind: string): ActionClassification[] {
  const source = action.sourceClassification ?? [];
  const actor = action.actorClassification ?? null;
  if (isLegistarSource(sourceKind)) {
    const name = source[0] ?? action.description;
    let { classifications } = applyActionRules(name, LEGISTAR_ACTION_RULES);
    if (classifications.length === 0 && name !== action.description) {
      classifications = applyActionRules(action.description, LEGISTAR_ACTION_RULES).classifications;
    }
    return unique(applyPassedFlag(adjustForActor(classifications, actor), action.passed, actor));
  }
  const known = source.filter(isActionClassification);
  if (known.length > 0) return unique(known);
  const { classifications } = applyActionRules(action.description, STATE_ACTION_RULES);
  return unique(applyPassedFlag(adjustForActor(classifications, actor), action.passed, actor));
}
