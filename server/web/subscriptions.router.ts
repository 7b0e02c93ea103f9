/**
 * Public email subscriptions with double opt-in: `POST /subscribe` stores an inactive
 * subscription and emails a confirmation link; `/subscribe/confirm/<token>` shows a
 * button (GET changes nothing, mail scanners follow links) whose POST starts it. Stopping
 * goes through `/unsubscribe/<token>`, one click from every email.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { ServiceUnavailableError, ValidationError } from '../../core/errors.js';
import { unsubscribeUrl } from '../../core/alerts/alert-event.js';
import { confirmSubscriptionByToken, findSubscriptionByConfirmToken, subscribeByEmail } from '../alerts/watches-service.js';
import { createMailTransport } from '../alerts/email-sender.js';
import { renderConfirmSubscriptionEmail } from '../../web/emails/render-link-email.js';
import { renderConfirmSubscription, renderSubscribeSent, renderSubscriptionConfirmed, renderUnknownConfirmation } from '../../web/pages/subscribe-page.js';
import { parseWebQuery, safeNextPath, sameOriginPost, webJurisdictionIds } from './web-request.js';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

const subscribeForm = z.object({
  email: z.string({ message: 'enter your email address' }).trim().max(320, 'that address is too long').pipe(z.email('enter a valid email address')),
  bill_id: z.coerce.number({ message: 'bill_id must be a bill id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  policy_id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'policy_id must be a policy id').optional(),
  jurisdiction_ids: webJurisdictionIds.optional(),
});

/** Where to send the visitor back: the page the form was on, when it is on this site. */
function backOf(req: Request): string {
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const u = new URL(referer);
    return u.host === req.get('host') ? safeNextPath(`${u.pathname}${u.search}`, '/') : '/';
  } catch {
    return '/';
  }
}

export function subscriptionsRouter(db: Db, config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'smtpFrom'>): Router {
  const router = Router();
  const noStore = (res: import('express').Response) => res.setHeader('Cache-Control', 'no-store');

  router.post('/subscribe', sameOriginPost, async (req, res) => {
    noStore(res);
    const form = parseWebQuery(subscribeForm, req.body);
    if (form.bill_id === undefined && !form.policy_id && !form.jurisdiction_ids?.length) {
      throw new ValidationError('nothing to subscribe to', [{ parameter: 'bill_id', message: 'subscribe from a bill, policy or jurisdiction page' }]);
    }
    if (!config.smtpUrl) throw new ServiceUnavailableError('email is not configured on this server (no SMTP_URL), so subscriptions cannot be confirmed');
    const created = await subscribeByEmail(db, form);
    const transport = createMailTransport(config.smtpUrl, config.smtpFrom);
    try {
      const email = renderConfirmSubscriptionEmail({
        description: created.description,
        confirmUrl: `${config.publicUrl}/subscribe/confirm/${encodeURIComponent(created.confirmToken)}`,
        unsubscribeUrl: unsubscribeUrl(config.publicUrl, created.unsubscribeToken),
      });
      await transport.send({ ...email, to: form.email, messageId: `<confirm-${created.unsubscribeToken.slice(0, 16)}@${new URL(config.publicUrl).hostname}>` });
    } finally {
      transport.close();
    }
    res.status(202).type('html').send(renderSubscribeSent({ description: created.description, email: form.email, back: backOf(req) }));
  });

  router.get('/subscribe/confirm/:token', async (req, res) => {
    noStore(res);
    const token = String(req.params.token);
    const found = TOKEN.test(token) ? await findSubscriptionByConfirmToken(db, token) : null;
    if (!found) {
      res.status(404).type('html').send(renderUnknownConfirmation());
      return;
    }
    res.type('html').send(renderConfirmSubscription({ description: found.description, target: found.target, action: `/subscribe/confirm/${encodeURIComponent(token)}` }));
  });

  router.post('/subscribe/confirm/:token', sameOriginPost, async (req, res) => {
    noStore(res);
    const token = String(req.params.token);
    const found = TOKEN.test(token) ? await findSubscriptionByConfirmToken(db, token) : null;
    if (!found || !(await confirmSubscriptionByToken(db, token))) {
      res.status(404).type('html').send(renderUnknownConfirmation());
      return;
    }
    res.type('html').send(renderSubscriptionConfirmed({ description: found.description }));
  });

  return router;
}
