import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { getRuntime, withDatabase } from '../runtime.js';
import { createUser } from '../../server/auth/auth-service.js';
import { inviteUser, MIN_PASSWORD_LENGTH, setAccountDisabled, setPassword } from '../../server/auth/accounts-service.js';
import { findUserByEmail } from '../../db/queries/users-repository.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

const SUBCOMMANDS = ['add', 'invite', 'reset', 'disable', 'enable'] as const;

export const userCommand: Command = {
  name: 'user',
  summary: 'staff accounts: add, invite, reset a password, disable, enable',
  help: `Usage:
  echo 'a long passphrase' | npm run tracker -- user add --email <email> --name <name> [--admin]
  npm run tracker -- user invite --email <email> --name <name> [--admin]
  echo 'a new passphrase' | npm run tracker -- user reset --email <email>
  npm run tracker -- user disable --email <email>
  npm run tracker -- user enable --email <email>

add      creates an account with the password read from the first line of standard input
         (never from the command line, where other users could see it), stored as a salted
         scrypt hash.
invite   creates an account without a password and prints a one-time link (7 days) where
         its owner chooses one; the staff Accounts page does the same and emails it.
reset    sets a new password read from standard input and signs the account out everywhere
         (for a locked-out administrator; the Accounts page issues reset links).
disable  refuses sign-in, ends the account's sessions and stops its API keys; enable undoes it.
On the embedded database, stop the server first (or use the Accounts page while it runs).`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' } }, true);
    const sub = positionals[0] as (typeof SUBCOMMANDS)[number];
    if (!SUBCOMMANDS.includes(sub)) throw new UsageError(`name a sub-command: ${SUBCOMMANDS.join(', ')}`);
    if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new UsageError('--email must be an email address');
    const email = values.email;
    if ((sub === 'add' || sub === 'invite') && !values.name) throw new UsageError('--name is required');
    const role = values.admin ? 'admin' : 'staff';

    if (sub === 'add' || sub === 'reset') {
      const password = await readStdin();
      if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password (first line of standard input) must be at least ${MIN_PASSWORD_LENGTH} characters`);
      if (sub === 'add') {
        const user = await withDatabase('tracker user', (handle) => createUser(handle.db, { email, name: values.name!, password, role }));
        process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
        return 0;
      }
      const account = await withDatabase('tracker user', (handle) => setPassword(handle.db, email, password));
      process.stdout.write(`new password set for ${account.email}; every session of the account was signed out\n`);
      return 0;
    }
    if (sub === 'invite') {
      const { config } = getRuntime();
      const { account, link } = await withDatabase('tracker user', (handle) => inviteUser(handle.db, config.publicUrl, { email, name: values.name!, role }, null));
      process.stdout.write(`invited ${account.role} ${account.email} (id ${account.id}); the link works once, until ${link.expiresAt.toISOString()}:\n${link.url}\n`);
      return 0;
    }
    const disabled = sub === 'disable';
    const account = await withDatabase('tracker user', async (handle) => {
      const user = await findUserByEmail(handle.db, email);
      if (!user) return null;
      return setAccountDisabled(handle.db, user.id, disabled, null);
    });
    if (!account) {
      process.stderr.write(`user: no account with email ${email}\n`);
      return 1;
    }
    process.stdout.write(`${account.email} ${disabled ? 'disabled: sign-in refused, sessions ended, API keys stopped' : 'enabled'}\n`);
    return 0;
  },
};
