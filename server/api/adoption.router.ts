import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { UnknownRecordError } from '../../db/bills/record-decision.js';
import { getBillAdoption, jurisdictionAdoption, rankByAdoption, type AdoptionEntry } from '../../db/queries/adoption-query.js';
import { clearProvisionOverride, setProvisionOverride } from '../../db/texts/provision-overrides.js';
import { OUTCOMES } from '../../core/adoption/adoption-types.js';
import { requireStaff } from '../middleware/authenticate.js';
import { NotFoundError } from '../../core/errors.js';
import { classificationParam, knownPolicy, policyIdParam } from './params.js';
import { oneString, parseInput, queryOf, recordId } from './validate.js';
import { sendCsv, wantsCsv } from './csv.js';

const adoptionQuery = z.object({
  policy: policyIdParam,
  classification: classificationParam.optional(),
  state: oneString('state').regex(/^[A-Za-z]{2}$/, 'state must be a two-letter code').optional(),
});

const overridePath = z.object({
  id: recordId('id'),
  model: oneString('model').regex(/^[a-z][a-z0-9-]*$/, 'model must be a model policy id such as no-knock'),
  provision: oneString('provision').regex(/^[A-Z]+-T?\d+$/, 'provision must be a provision id such as NK-1'),
});

const overrideBody = z.object({
  outcome: z.enum(OUTCOMES, { message: `outcome must be one of ${OUTCOMES.join(', ')}` }),
  note: z.string().max(5000).nullable().optional(),
  text_id: z.number().int().positive().optional(),
  _csrf: z.string().optional(),
});

/** The JSON shape of one ranked jurisdiction. */
export function toAdoptionView(e: AdoptionEntry) {
  return {
    jurisdiction: { id: e.id, name: e.name, classification: e.classification, state_code: e.state_code, parent_id: e.parent_id },
    level: e.level, score: e.score, threat_score: e.threat_score, stance: e.stance, inherited: e.inherited, source: e.source,
  };
}

/** Public reads: a bill's provision-by-provision adoption, and jurisdictions ranked by adoption. */
export function adoptionRouter(db: Db): Router {
  const router = Router();

  router.get('/bills/:id/adoption', async (req, res) => {
    parseInput(z.object({}), queryOf(req), 'query');
    const { id } = parseInput(z.object({ id: recordId('id') }), req.params, 'path');
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const adoption = await getBillAdoption(db, id, { showUnverified: staff });
    if (!adoption) throw new NotFoundError(`bill ${id}`);
    // Staff also see unverified provisions: such an answer must not sit in a shared cache.
    if (staff) res.setHeader('Cache-Control', 'private, no-store');
    res.json(adoption);
  });

  router.get(['/adoption', '/adoption.csv'], async (req, res) => {
    const q = parseInput(adoptionQuery, queryOf(req), 'query');
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
    const params = parseInput(overridePath, req.params, 'path');
    const body = parseInput(overrideBody, req.body, 'body');
    try {
      const row = await setProvisionOverride(db, {
        billId: params.id, modelId: params.model, provisionId: params.provision, outcome: body.outcome, note: body.note, textId: body.text_id, userId: req.user!.id,
      });
      res.json({
        bill_id: row.billId, model: row.modelId, provision: row.provisionId, outcome: row.outcome, note: row.note, text_id: row.textId, text_hash: row.textHash,
        decided_at: row.decidedAt,
      });
    } catch (error) {
      if (error instanceof UnknownRecordError) throw new NotFoundError(error.message);
      throw error;
    }
  });

  router.delete('/bills/:id/adoption/:model/:provision', requireStaff, async (req, res) => {
    const params = parseInput(overridePath, req.params, 'path');
    if (!(await clearProvisionOverride(db, params.id, params.model, params.provision))) {
      throw new NotFoundError(`override of ${params.provision} (${params.model}) on bill ${params.id}`);
    }
    res.status(204).end();
  });

  return router;
}
