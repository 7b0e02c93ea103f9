import { LAW_KINDS, type BillKind } from '../vocabulary.js';

/**
 * What a record is (bill, resolution, joint resolution, ordinance, budget...), from the
 * source's classification and, where the classification says nothing (`bill` is the common
 * schema's default, `other` a source's catch-all), from the identifier's prefix.
 *
 * Classifications are Open States' vocabulary (reference/openstates-API.md §2.1 "Bill
 * classification"), Legistar matter types as matter-to-bill.ts reduces them, and the state
 * feeds' own (California `measure_type`, Texas and Virginia prefixes).
 */

const BY_CLASSIFICATION: ReadonlyArray<[RegExp, BillKind]> = [
  [/^(joint resolution|joint res)/, 'joint-resolution'],
  [/^concurrent resolution/, 'concurrent-resolution'],
  [/resolution|commemoration/, 'resolution'],
  [/memorial|petition/, 'memorial'],
  [/constitutional amendment/, 'constitutional-amendment'],
  [/^(ballot measure|initiative|referendum|proposition)/, 'ballot-measure'],
  [/^(appropriation|budget)/, 'budget'],
  [/^(ordinance|local law)/, 'ordinance'],
  [/^(nomination|appointment)/, 'appointment'],
  [/^(bill|proposed bill)$/, 'bill'],
];

/**
 * Identifier prefixes of measures that are not bills, as legislatures print them: `HJR 3`,
 * `SJ 12`, `AJR 1` (joint); `HCR 5`, `SCR 2`, `ACR 9` (concurrent); `HR 807`, `SR 10`, `LR 1`
 * (Nebraska), `AR 3` (resolutions); `HM 1`, `SJM 2` (memorials); council file numbers
 * `R2012-1118` / `R-123-20` (resolutions) and `O2020-1234` / `SO2020-1` / `O-090-20` (ordinances).
 */
const BY_PREFIX: ReadonlyArray<[RegExp, BillKind]> = [
  [/^[HSA]?J(R|RES)?\s*\d/, 'joint-resolution'],
  [/^[HSA]C(R|RES)\s*\d/, 'concurrent-resolution'],
  [/^[HSAL]R(ES)?\s*\d/, 'resolution'],
  [/^[HS]?[JC]?M\s*\d/, 'memorial'],
  [/^R-?\d/, 'resolution'],
  [/^S?O-?\d/, 'ordinance'],
];

/**
 * The kind of a record. A specific classification decides; a generic one (`bill`, `other`,
 * empty) lets a non-bill identifier prefix decide (an `HR 807` filed as `bill` by a source
 * that defaults is a resolution); otherwise `bill` stays `bill` and anything else is `other`.
 * Pure; never throws.
 */
export function billKind(classification: string | null | undefined, identifier: string | null | undefined = ''): BillKind {
  const text = (classification ?? '').trim().toLowerCase();
  const generic = text === '' || text === 'bill' || text === 'other';
  if (!generic) {
    const found = BY_CLASSIFICATION.find(([pattern]) => pattern.test(text));
    if (found) return found[1];
  }
  const id = (identifier ?? '').trim().toUpperCase();
  const byPrefix = BY_PREFIX.find(([pattern]) => pattern.test(id));
  if (byPrefix && generic) return byPrefix[1];
  if (text === '' || text === 'bill') return 'bill';
  return 'other';
}

/** True for the kinds that become law when enacted (bills, ordinances, budgets, ballot measures, amendments). */
export function isLawKind(kind: string): boolean {
  return (LAW_KINDS as readonly string[]).includes(kind);
}

/** Resolutions and memorials: adopted when they pass, never a law, whatever an executive or a chapter number says. */
export function isResolutionKind(kind: BillKind): boolean {
  return kind === 'resolution' || kind === 'joint-resolution' || kind === 'concurrent-resolution' || kind === 'memorial';
}

/**
 * Kinds final on a vote, with no executive: one chamber for a simple resolution, every chamber
 * for joint and concurrent resolutions, memorials and constitutional amendments (which go to
 * the voters next; a ratification recorded as `became-law` still makes the amendment law).
 */
export function adoptionRule(kind: BillKind): 'one-chamber' | 'all-chambers' | null {
  if (kind === 'resolution') return 'one-chamber';
  if (isResolutionKind(kind) || kind === 'constitutional-amendment') return 'all-chambers';
  return null;
}
