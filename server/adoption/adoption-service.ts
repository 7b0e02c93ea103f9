import type { Db } from '../../db/database.js';
import { readAdoptionCandidates, readBillAdoption, readLawAdoption, readTextScores } from '../../db/queries/adoption-query.js';
import { overridesOf } from '../../db/texts/provision-overrides.js';
import { buildBillAdoption, rankByAdoption, resolveJurisdictionAdoption, type AdoptionEntry, type BillAdoption } from '../../core/adoption/adoption-views.js';
import { buildComparison, type Comparison } from '../../core/adoption/compare-jurisdictions.js';

/**
 * A bill's stored texts, oldest version first, each with its scores (the latest model
 * version, staff overrides applied) and how each version changed from the one before.
 * Unverified provisions are left out unless `showUnverified` (staff). Null when the bill
 * does not exist.
 */
export async function getBillAdoption(db: Db, billId: number, options: { showUnverified?: boolean } = {}): Promise<BillAdoption | null> {
  const stored = await readBillAdoption(db, billId);
  return stored ? buildBillAdoption(billId, stored.texts, stored.scores, stored.overrides, options) : null;
}

/**
 * Per jurisdiction, the best adoption score of `policyId`'s model among the laws in force
 * there on `today`, with the law it comes from (a state's law counts for its places). Every
 * jurisdiction is returned (filtered by classification or state when asked), states first.
 */
export async function jurisdictionAdoption(db: Db, policyId: string, options: { today?: string; classification?: string; state?: string } = {}): Promise<AdoptionEntry[]> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const data = await readAdoptionCandidates(db, policyId, today);
  return resolveJurisdictionAdoption(policyId, data.candidates, data.reversals, data.jurisdictions, data.overrides, options);
}

/**
 * Jurisdictions side by side on `policyId`'s model: each one's best law in force and
 * its outcome per provision. `ids` are OCD ids, in the order to show; unknown ones are
 * left out. Unverified provisions only for staff.
 */
export async function compareJurisdictions(db: Db, policyId: string, ids: string[], options: { showUnverified?: boolean; today?: string } = {}): Promise<Comparison> {
  const all = await jurisdictionAdoption(db, policyId, { today: options.today });
  const chosen = ids.map((id) => all.find((e) => e.id === id)).filter((e): e is AdoptionEntry => e !== undefined);
  const textIds = chosen.flatMap((e) => (e.source ? [e.source.text_id] : []));
  const billIds = chosen.flatMap((e) => (e.source?.kind === 'bill' ? [e.source.id] : []));
  const [scores, overrides] = await Promise.all([readTextScores(db, textIds, policyId), overridesOf(db, billIds, policyId)]);
  return buildComparison(policyId, chosen, scores, overrides, options);
}

/** The jurisdictions whose laws in force adopt some of the model, best first (what the compare view offers first). */
export async function rankedAdoption(db: Db, policyId: string): Promise<AdoptionEntry[]> {
  return rankByAdoption(await jurisdictionAdoption(db, policyId));
}

/** A curated law's texts with their scores (the law's checklist); null when there is no such law. */
export async function getLawAdoption(db: Db, lawId: number, options: { showUnverified?: boolean } = {}): Promise<BillAdoption | null> {
  const stored = await readLawAdoption(db, lawId);
  return stored ? buildBillAdoption(lawId, stored.texts, stored.scores, new Map(), options) : null;
}
