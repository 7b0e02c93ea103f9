import type { Db } from '../../db/database.js';
import { readAdoptionCandidates, readBillAdoption } from '../../db/queries/adoption-query.js';
import { buildBillAdoption, resolveJurisdictionAdoption, type AdoptionEntry, type BillAdoption } from '../../core/adoption/adoption-views.js';

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
