import { z } from 'zod';
import { USER_ROLES } from '../../core/vocabulary.js';
import { component, csrfField, defineOperation, noQuery, resultsOf, wire } from './contract-kit.js';
import { recordId } from './validate.js';

/** Staff accounts, for administrators: invite, reset a password, disable. */

const Account = component(
  'Account',
  z.object({
    id: wire.int,
    email: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
    created_at: wire.dateTime,
    disabled_at: wire.dateTime.nullable().describe('Set while the account is disabled: it cannot sign in, its sessions ended and its API keys stop working.'),
    invited: z.boolean().describe('True until the invited person chooses a password.'),
  }),
);

const AccountWithLink = component(
  'AccountWithLink',
  z.object({
    account: Account,
    link: z.url().describe('The one-time link (shown once): the invitation or password reset page.'),
    expires_at: wire.dateTime,
    emailed: z.boolean().describe('Whether the link was also emailed to the account (needs SMTP_URL).'),
  }),
);

const accountPath = z.strictObject({ id: recordId('id').describe('The account id') });

export const inviteBody = z.strictObject({
  email: z.string().trim().max(320).pipe(z.email('email must be an email address')),
  name: z.string().trim().min(1, 'name is required').max(200),
  role: z.enum(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}` }).default('staff'),
  _csrf: csrfField,
});

export const accountsContract = {
  listAccounts: defineOperation({
    method: 'get',
    path: '/api/users',
    summary: 'Every staff account (administrators only)',
    access: 'staff',
    query: noQuery,
    answers: { 200: { description: 'Accounts, oldest first', json: resultsOf(Account) } },
    errors: ['BadRequest'],
  }),
  inviteAccount: defineOperation({
    method: 'post',
    path: '/api/users',
    summary: 'Invite a staff member: creates the account and a one-time link to choose a password (administrators only)',
    access: 'staff',
    body: inviteBody,
    answers: { 201: { description: 'The account and its invitation link', json: AccountWithLink } },
  }),
  resetPassword: defineOperation({
    method: 'post',
    path: '/api/users/{id}/password-reset',
    summary: 'Issue a one-time password reset link for an account (administrators only); it is emailed when SMTP is configured',
    access: 'staff',
    params: accountPath,
    body: z.strictObject({ _csrf: csrfField }),
    answers: { 201: { description: 'The reset link', json: AccountWithLink } },
    errors: ['NotFound'],
  }),
  editAccount: defineOperation({
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Disable or re-enable an account (administrators only)',
    access: 'staff',
    params: accountPath,
    body: z.strictObject({ disabled: z.boolean({ message: 'disabled must be true or false' }), _csrf: csrfField }),
    answers: { 200: { description: 'The account', json: Account } },
    errors: ['NotFound'],
  }),
};
