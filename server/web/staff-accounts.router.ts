/**
 * Account pages: `/staff/accounts` for administrators (invite, reset link, disable), and
 * `/account/password/<token>`, where an invitation or reset link's owner chooses a
 * password (the token alone authorizes it; GET only shows the form).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { USER_ROLES } from '../../core/vocabulary.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import { describeAccountLink, inviteUser, issuePasswordReset, listAccounts, redeemAccountLink, setAccountDisabled } from '../auth/accounts-service.js';
import { emailAccountLink } from '../auth/account-links.js';
import { requireAdmin } from '../middleware/authenticate.js';
import { renderAccountsPage, renderChoosePasswordPage, renderPasswordSetPage, renderUnknownAccountLink } from '../../web/pages/staff-accounts-page.js';
import { parseWebQuery, requireStaffPage, sameOriginPost, viewerOf, webText } from './web-request.js';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;
const idParam = z.object({ id: z.coerce.number({ message: 'id must be an account id' }).int().positive().max(Number.MAX_SAFE_INTEGER) });
const NOTICES: Record<string, string> = { disabled: 'Account disabled: its sessions ended and its API keys stopped working.', enabled: 'Account enabled.' };

export function staffAccountsRouter(db: Db, config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'smtpFrom'>, options: { throttle?: SignInThrottle } = {}): Router {
  const router = Router();
  const adminOnly = (role: string | undefined) => {
    if (role !== 'admin') throw new ForbiddenError('account management is for administrators');
  };
  const page = async (req: import('express').Request, res: import('express').Response, extra: Partial<Parameters<typeof renderAccountsPage>[0]> = {}, status = 200) => {
    res.status(status).type('html').send(renderAccountsPage({ accounts: await listAccounts(db), viewer: viewerOf(req)!, ...extra }));
  };

  router.get('/staff/accounts', requireStaffPage, async (req, res) => {
    adminOnly(req.user?.role);
    const q = parseWebQuery(z.object({ done: z.enum(['disabled', 'enabled']).optional() }), req.query);
    await page(req, res, { notice: q.done ? NOTICES[q.done] : null });
  });

  router.post('/staff/accounts', requireAdmin, async (req, res) => {
    const form = parseWebQuery(
      z.object({ name: webText('name', 200).min(1, 'name is required'), email: webText('email', 320).pipe(z.email('enter an email address')), role: z.enum(USER_ROLES).default('staff'), _csrf: z.string().optional() }),
      req.body,
    );
    try {
      const { account, link } = await inviteUser(db, config.publicUrl, form, req.user!.id);
      const emailed = await emailAccountLink(config, account, link, 'invite', req.user!.name);
      // The link is shown in this answer only: no redirect, so it never lands in a URL or history.
      await page(req, res, { issued: { what: `Invitation for ${account.name}`, url: link.url, expiresAt: link.expiresAt, emailed } }, 201);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      await page(req, res, { error: error.message }, 409);
    }
  });

  router.post('/staff/accounts/:id/reset', requireAdmin, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    const { account, link } = await issuePasswordReset(db, config.publicUrl, id, req.user!.id);
    const emailed = await emailAccountLink(config, account, link, 'reset', req.user!.name);
    await page(req, res, { issued: { what: `Password reset link for ${account.name}`, url: link.url, expiresAt: link.expiresAt, emailed } }, 201);
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    router.post(`/staff/accounts/:id/${action}`, requireAdmin, async (req, res) => {
      const { id } = parseWebQuery(idParam, req.params);
      try {
        await setAccountDisabled(db, id, disabled, req.user!.id);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        await page(req, res, { error: (error.details as { message: string }[])[0]?.message ?? error.message }, 400);
        return;
      }
      res.redirect(303, `/staff/accounts?done=${disabled ? 'disabled' : 'enabled'}#account-${id}`);
    });
  }

  /** The link a token names, or null after answering the "not valid" page. */
  const linkOf = async (req: import('express').Request, res: import('express').Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const token = String(req.params.token);
    const link = TOKEN.test(token) ? await describeAccountLink(db, token) : null;
    if (!link) res.status(404).type('html').send(renderUnknownAccountLink());
    return link ? { token, link, action: `/account/password/${encodeURIComponent(token)}` } : null;
  };

  router.get('/account/password/:token', async (req, res) => {
    const found = await linkOf(req, res);
    if (found) res.type('html').send(renderChoosePasswordPage({ ...found.link, action: found.action }));
  });

  router.post('/account/password/:token', sameOriginPost, async (req, res) => {
    const found = await linkOf(req, res);
    if (!found) return;
    const password = typeof (req.body as Record<string, unknown>)?.password === 'string' ? ((req.body as Record<string, string>).password) : '';
    try {
      const account = await redeemAccountLink(db, found.token, password);
      // A password chosen through the emailed link proves the owner: the wrong guesses before it no longer count.
      options.throttle?.recordSuccess(account.email);
    } catch (error) {
      if (error instanceof NotFoundError) {
        res.status(404).type('html').send(renderUnknownAccountLink());
        return;
      }
      if (!(error instanceof ValidationError)) throw error;
      res.status(400).type('html').send(renderChoosePasswordPage({ ...found.link, action: found.action, error: (error.details as { message: string }[])[0]?.message }));
      return;
    }
    res.type('html').send(renderPasswordSetPage());
  });

  return router;
}
