import { Router } from 'express';
import type { Db } from '../../db/database.js';
import { rankByAdoption, type AdoptionEntry } from '../../core/adoption/adoption-views.js';
import { compareJurisdictions, getBillAdoption, jurisdictionAdoption } from '../adoption/adoption-service.js';
import { jurisdictionIdsOfRefs } from '../../core/jurisdictions/public-paths.js';
import { clearProvisionOverride, setProvisionOverride } from '../../db/texts/provision-overrides.js';
import { requireStaff } from '../middleware/authenticate.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { knownPolicy } from './params.js';
import { parseInput, queryOf } from './validate.js';
import { sendCsv, wantsCsv } from './csv.js';
import { adoptionContract as op } from './adoption.contract.js';

/** The JSON shape of one ranked jurisdiction. */
export function toAdoptionView(e: AdoptionEntry) {
  return {
    jurisdiction: { id: e.id, name: e.name, classification: e.classification, state_code: e.state_code, parent_id: e.parent_id },
    level: e.level, score: e.score, threat_score: e.threat_score, stance: e.stance, inherited: e.inherited, source: e.source,
  };
}

/** Public reads: a bill's provision-by-provision adoption, and jurisdictions ranked by adoption (contract: adoption.contract.ts). */
export function adoptionRouter(db: Db): Router {
  const router = Router();

  router.get('/bills/:id/adoption', async (req, res) => {
    parseInput(op.getBillAdoption.query, queryOf(req), 'query');
    const { id } = parseInput(op.getBillAdoption.params, req.params, 'path');
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const adoption = await getBillAdoption(db, id, { showUnverified: staff });
    if (!adoption) throw new NotFoundError(`bill ${id}`);
    // Staff also see unverified provisions: such an answer must not sit in a shared cache.
    if (staff) res.setHeader('Cache-Control', 'private, no-store');
    res.json(adoption);
  });

  router.get(['/adoption/compare', '/adoption/compare.csv'], async (req, res) => {
    const q = parseInput(op.compareAdoption.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    if (q.jurisdiction.length > 12) throw new ValidationError('too many jurisdictions', [{ parameter: 'jurisdiction', message: 'compare at most 12 jurisdictions' }]);
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const comparison = await compareJurisdictions(db, q.policy, jurisdictionIdsOfRefs(q.jurisdiction), { showUnverified: staff });
    if (staff) res.setHeader('Cache-Control', 'private, no-store');
    res.vary('Accept');
    if (wantsCsv(req)) {
      const c = comparison;
      sendCsv(res, `compare-${q.policy}.csv`, ['provision', 'statement', 'required', ...c.columns.map((col) => col.name)], [
        ['summary', 'provisions adopted', '', ...c.columns.map((col) => col.summary)],
        ['score', 'weighted score', '', ...c.columns.map((col) => `${Math.round(col.score * 100)}%`)],
        ['law', 'law in force', '', ...c.columns.map((col) => (col.source ? `${col.source.identifier ?? col.source.title}${col.inherited ? ` (state law of ${col.source.jurisdiction_name})` : ''}` : ''))],
        ...c.rows.map((r) => [r.id, r.statement, r.required ? 'yes' : 'no', ...r.cells.map((cell) => cell.outcome)]),
      ]);
      return;
    }
    res.json(comparison);
  });

  router.get(['/adoption', '/adoption.csv'], async (req, res) => {
    const q = parseInput(op.rankAdoption.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    const ranked = rankByAdoption(await jurisdictionAdoption(db, q.policy, { classification: q.classification, state: q.state }));
    res.vary('Accept');
    if (wantsCsv(req)) {
      sendCsv(
        res,
        `adoption-${q.policy}.csv`,
        ['jurisdiction', 'name', 'classification', 'state', 'level', 'score', 'threat_score', 'stance', 'inherited', 'source_kind', 'source_id', 'source_identifier', 'source_title', 'source_jurisdiction', 'version'],
        ranked.map((e) => [
          e.id, e.name, e.classification, e.state_code, e.level, e.score.toFixed(3), e.threat_score.toFixed(3), e.stance, e.inherited ? 'yes' : 'no',
          e.source?.kind, e.source?.id, e.source?.identifier, e.source?.title, e.source?.jurisdiction_id, e.source?.version,
        ]),
      );
      return;
    }
    res.json({ policy: q.policy, results: ranked.map(toAdoptionView) });
  });

  return router;
}

/** Staff writes: set or withdraw the outcome of one provision of one bill. */
export function adoptionStaffRouter(db: Db): Router {
  const router = Router();

  router.put('/bills/:id/adoption/:model/:provision', requireStaff, async (req, res) => {
    const params = parseInput(op.setOverride.params, req.params, 'path');
    const body = parseInput(op.setOverride.body, req.body, 'body');
    const row = await setProvisionOverride(db, {
      billId: params.id, modelId: params.model, provisionId: params.provision, outcome: body.outcome, note: body.note, textId: body.text_id, userId: req.user!.id,
    });
    res.json({
      bill_id: row.billId, model: row.modelId, provision: row.provisionId, outcome: row.outcome, note: row.note, text_id: row.textId, text_hash: row.textHash,
      decided_at: row.decidedAt,
    });
  });

  router.delete('/bills/:id/adoption/:model/:provision', requireStaff, async (req, res) => {
    const params = parseInput(op.clearOverride.params, req.params, 'path');
    if (!(await clearProvisionOverride(db, params.id, params.model, params.provision))) {
      throw new NotFoundError(`override of ${params.provision} (${params.model}) on bill ${params.id}`);
    }
    res.status(204).end();
  });

  return router;
}
