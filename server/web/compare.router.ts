/**
 * `/compare` (jurisdictions side by side on a model policy) and `/laws/<id>` (a curated
 * law with its checklist once its text is attached).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { getCuratedLaw } from '../../db/queries/curated-laws-repository.js';
import { listJurisdictions, toCuratedLawView } from '../../db/queries/jurisdictions-query.js';
import { listPolicies } from '../../db/queries/policy-map.js';
import { getLawTextBody } from '../../db/queries/adoption-query.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { jurisdictionIdsOfRefs } from '../../core/jurisdictions/public-paths.js';
import { compareJurisdictions, getLawAdoption, rankedAdoption } from '../adoption/adoption-service.js';
import { renderComparePage } from '../../web/pages/compare-page.js';
import { renderLawPage } from '../../web/pages/law-page.js';
import { parseWebQuery, viewerOf, webJurisdiction, webPolicyId } from './web-request.js';

/** How many jurisdictions the compare view starts with when none are chosen. */
const DEFAULT_COLUMNS = 3;

export function compareRouter(db: Db, options: { publicUrl: string }): Router {
  const router = Router();

  router.get('/compare', async (req, res) => {
    const q = parseWebQuery(z.object({ policy: webPolicyId.optional(), jurisdiction: webJurisdiction.optional() }), req.query);
    const policies = await listPolicies(db);
    const policy = q.policy ? policies.find((p) => p.id === q.policy) : policies[0];
    if (!policy) throw new ValidationError('unknown policy', [{ parameter: 'policy', message: `unknown policy ${q.policy}; known: ${policies.map((p) => p.id).join(', ')}` }]);
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const [ranked, all] = await Promise.all([rankedAdoption(db, policy.id), listJurisdictions(db, {})]);
    const selected = q.jurisdiction?.length ? jurisdictionIdsOfRefs(q.jurisdiction) : ranked.slice(0, DEFAULT_COLUMNS).map((e) => e.id);
    const comparison = await compareJurisdictions(db, policy.id, selected, { showUnverified: staff });
    const path = `/compare?policy=${encodeURIComponent(policy.id)}${selected.length ? `&jurisdiction=${selected.map(encodeURIComponent).join(',')}` : ''}`;
    res.type('html').send(renderComparePage({
      policies, policy, ranked, all, selected, comparison, viewer: viewerOf(req),
      share: {
        url: `${options.publicUrl}${path}`, title: `${policy.name}: ${comparison.columns.map((c) => c.name).join(' vs. ') || 'compare jurisdictions'}`,
        description: comparison.columns.map((c) => `${c.name}: ${c.summary}`).join('; ') || policy.summary,
        image: `${options.publicUrl}/og/${encodeURIComponent(policy.id)}.png`, imageAlt: `Map of the United States: where “${policy.name}” stands`,
      },
    }));
  });

  router.get('/laws/:id', async (req, res) => {
    const { id } = parseWebQuery(z.object({ id: z.coerce.number({ message: 'law id must be a number' }).int().positive().max(Number.MAX_SAFE_INTEGER) }), req.params);
    const { version } = parseWebQuery(z.object({ version: z.coerce.number({ message: 'version must be a text id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional() }), req.query);
    const law = await getCuratedLaw(db, id);
    if (!law) throw new NotFoundError(`curated law ${id}`);
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const [policies, jurisdictions, adoption] = await Promise.all([listPolicies(db), listJurisdictions(db, {}), getLawAdoption(db, id, { showUnverified: staff })]);
    const shown = adoption?.versions.find((v) => v.text_id === version) ?? adoption?.versions[adoption.versions.length - 1];
    const text = shown ? await getLawTextBody(db, shown.text_id) : null;
    const policyName = policies.find((p) => p.id === law.policyId)?.name ?? law.policyId;
    const adoptionInput = adoption && adoption.versions.length
      ? { adoption, selectedTextId: shown?.text_id ?? null, text, policyNames: new Map(policies.map((p) => [p.id, p.name])), touches: [law.policyId] }
      : null;
    res.type('html').send(renderLawPage({
      law: { ...toCuratedLawView(law), jurisdiction_id: law.jurisdictionId }, jurisdictionName: jurisdictions.find((j) => j.id === law.jurisdictionId)?.name ?? law.jurisdictionId,
      policyName, adoption: adoptionInput, viewer: viewerOf(req),
      share: {
        url: `${options.publicUrl}/laws/${id}`, title: law.title, description: law.summary ?? `${policyName}: ${law.outcome}`,
        image: `${options.publicUrl}/og/${encodeURIComponent(law.policyId)}.png`, imageAlt: `Map of the United States: where “${policyName}” stands`,
      },
    }));
  });

  return router;
}

