import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase } from '../runtime.js';
import { createUser } from '../../server/auth/auth-service.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export const userCommand: Command = {
  name: 'user',
  summary: 'create a staff account (password read from standard input)',
  help: `Usage: echo 'a long passphrase' | npm run tracker -- user add --email <email> --name <name> [--admin]

Creates a staff account that can sign in to the staff pages and create API keys.
The password is read from the first line of standard input (never from the command
line, where other users could see it) and stored as a salted scrypt hash.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' } }, true);
    if (positionals[0] !== 'add') throw new UsageError('the only sub-command is "add"');
    if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new UsageError('--email must be an email address');
    if (!values.name) throw new UsageError('--name is required');
    const password = await readStdin();
    if (password.length < 10) throw new UsageError('the password (first line of standard input) must be at least 10 characters');
    const user = await withDatabase('tracker user', (handle) => createUser(handle.db, { email: values.email!, name: values.name!, password, role: values.admin ? 'admin' : 'staff' }));
    process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
    return 0;
  },
};
