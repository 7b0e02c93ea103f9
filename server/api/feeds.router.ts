import { Router } from 'express';
import type { Db } from '../../db/database.js';
import { listChanges, type ChangeEntry } from '../../db/queries/changes.js';
import { listPolicies } from '../../db/queries/policy-map.js';
import { renderAtomFeed } from '../../web/feeds/atom-feed.js';
import { billPublicPath } from '../../core/jurisdictions/public-paths.js';
import { ValidationError } from '../../core/errors.js';
import { parseInput, queryOf } from './validate.js';
import { feedsContract as op } from './feeds.contract.js';

/** Fixed `updated` of a feed with no entries, so its body (and ETag) does not change every second. */
const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00.000Z';
/** Feeds reach back this far; older changes are in /api/changes?since=. */
const FEED_HORIZON = new Date('1970-01-01T00:00:00Z');

function describeChange(c: ChangeEntry): string {
  const from = c.from_stage ? `${c.from_stage} (${c.from_status})` : 'new';
  const action = c.action_description ? ` — ${c.action_date ?? 'undated'}: ${c.action_description}` : '';
  return `${c.bill.title}. ${from} → ${c.to_stage} (${c.to_status})${action}`;
}

/**
 * `GET /api/feeds/changes.atom`: the newest bill stage/status changes as an Atom feed, for
 * one policy, one jurisdiction (OCD id or state code), both, or all. Contract: feeds.contract.ts.
 */
export function feedsRouter(db: Db, options: { publicUrl: string }): Router {
  const router = Router();

  router.get('/feeds/changes.atom', async (req, res) => {
    const q = parseInput(op.changesFeed.query, queryOf(req), 'query');
    const policies = await listPolicies(db);
    const policy = q.policy ? policies.find((p) => p.id === q.policy) : undefined;
    if (q.policy && !policy) {
      throw new ValidationError('unknown policy', [{ parameter: 'policy', message: `unknown policy ${q.policy}; known: ${policies.map((p) => p.id).join(', ')}` }]);
    }
    const changes = await listChanges(db, { since: FEED_HORIZON, policy: q.policy, jurisdiction: q.jurisdiction, limit: q.limit, scope: q.scope });

    const base = options.publicUrl;
    const search = new URLSearchParams();
    if (q.policy) search.set('policy', q.policy);
    if (q.jurisdiction?.length) search.set('jurisdiction', q.jurisdiction.join(','));
    if (q.scope !== 'tracked') search.set('scope', q.scope);
    const selfUrl = `${base}/api/feeds/changes.atom${search.size ? `?${search}` : ''}`;
    const place = q.jurisdiction?.length
      ? q.jurisdiction.map((ref) => changes.find((c) => c.jurisdiction.id === ref)?.jurisdiction.name ?? ref.toUpperCase()).join(', ')
      : null;
    const title = ['Bill changes', policy?.name, place].filter(Boolean).join(' — ');

    res.type('application/atom+xml; charset=utf-8');
    res.send(
      renderAtomFeed({
        id: selfUrl,
        title,
        subtitle: 'Stage and status changes of tracked bills, newest first',
        updated: changes[0]?.changed_at ?? EMPTY_FEED_UPDATED,
        selfUrl,
        authorName: 'Policy tracker',
        entries: changes.map((c) => ({
          id: `${base}/api/changes#${c.id}`,
          title: `${c.jurisdiction.name} ${c.bill.identifier}: ${c.to_stage} (${c.to_status})`,
          updated: c.changed_at,
          // Readers open the entry's link in a browser: the bill's page, not its JSON.
          link: `${base}${billPublicPath({ jurisdictionId: c.jurisdiction.id, session: c.bill.session, identifier: c.bill.identifier }) ?? `/bills/${c.bill.id}`}`,
          linkType: 'text/html',
          related: c.bill.source_url,
          summary: describeChange(c),
          categories: c.policies,
        })),
      }),
    );
  });

  return router;
}
