import { Router } from 'express';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { requireAdmin } from '../middleware/authenticate.js';
import { inviteUser, issuePasswordReset, listAccounts, setAccountDisabled } from '../auth/accounts-service.js';
import { emailAccountLink } from '../auth/account-links.js';
import { parseInput, queryOf } from './validate.js';
import { accountsContract as op } from './accounts.contract.js';

/** Staff accounts for administrators (contract: accounts.contract.ts). */
export function accountsRouter(db: Db, config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'smtpFrom'>): Router {
  const router = Router();

  router.get('/users', requireAdmin, async (req, res) => {
    parseInput(op.listAccounts.query, queryOf(req), 'query');
    res.json({ results: await listAccounts(db) });
  });

  router.post('/users', requireAdmin, async (req, res) => {
    const body = parseInput(op.inviteAccount.body, req.body, 'body');
    const { account, link } = await inviteUser(db, config.publicUrl, body, req.user!.id);
    const emailed = await emailAccountLink(config, account, link, 'invite', req.user!.name);
    res.status(201).json({ account, link: link.url, expires_at: link.expiresAt.toISOString(), emailed });
  });

  router.post('/users/:id/password-reset', requireAdmin, async (req, res) => {
    const { id } = parseInput(op.resetPassword.params, req.params, 'path');
    parseInput(op.resetPassword.body, req.body ?? {}, 'body');
    const { account, link } = await issuePasswordReset(db, config.publicUrl, id, req.user!.id);
    const emailed = await emailAccountLink(config, account, link, 'reset', req.user!.name);
    res.status(201).json({ account, link: link.url, expires_at: link.expiresAt.toISOString(), emailed });
  });

  router.patch('/users/:id', requireAdmin, async (req, res) => {
    const { id } = parseInput(op.editAccount.params, req.params, 'path');
    const body = parseInput(op.editAccount.body, req.body, 'body');
    res.json(await setAccountDisabled(db, id, body.disabled, req.user!.id));
  });

  return router;
}
