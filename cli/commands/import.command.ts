import { existsSync } from 'node:fs';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase, getRuntime } from '../runtime.js';
import { createProgress } from '../progress.js';
import { exitCodeOf, formatRunSummary } from '../run-report.js';
import { FILE_IMPORTERS } from '../../scrapers/sources/file-importers.js';
import { importFiles } from '../../scrapers/sources/import-files.js';

const HELP = `Usage: npm run tracker -- import <kind> <file> [<file> ...] [--session <code>] [--client <name>] [--force]

Imports saved files through the same pipeline as a scrape, and prints the same counts.
A malformed record is reported with its file and skipped; the rest are imported. A
malformed Open States bulk export (missing column, bad cell, file cut short) is refused
whole, naming the member and line, and nothing is stored. Files byte for byte those of
the source's last clean import are not read again (all their records count unchanged);
--force reads them anyway.
Kinds:
${FILE_IMPORTERS.map((i) => `  ${i.kind.padEnd(14)} ${i.usage}`).join('\n')}`;

export const importCommand: Command = {
  name: 'import',
  summary: 'import saved source files (openstates, openstates-bulk, virginia, california, texas, legistar-html, openstates-events)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { session: { type: 'string' }, client: { type: 'string' }, force: { type: 'boolean' } }, true);
    const [kind, ...files] = positionals;
    const importer = FILE_IMPORTERS.find((i) => i.kind === kind);
    if (!importer) throw new UsageError(kind ? `unknown import kind "${kind}"` : 'name a kind');
    if (!files.length) throw new UsageError('name at least one file');
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length) throw new UsageError(`no such file: ${missing.join(', ')}`);
    const options = { session: values.session, client: values.client };
    // A wrong file kind or a missing option is the command's mistake, never a failed source run.
    const problem = importer.check(files, options);
    if (problem) throw new UsageError(`${kind}: ${problem}`);
    const { config } = getRuntime();
    return withDatabase(`tracker import ${kind}`, async (handle) => {
      // Files read whole give progress a total and an ETA; a streamed export (Open States bulk) does not.
      let progress = createProgress(process.stderr, { total: null });
      const summary = await importFiles(handle, config, importer, files, options, {
        trigger: 'cli',
        params: { files },
        force: values.force === true,
        onTotal: (total) => (progress = createProgress(process.stderr, { total })),
        onProgress: (c) => progress.step(c.created + c.updated + c.unchanged + c.failed, `${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed`),
      });
      progress.done();
      process.stdout.write(formatRunSummary(summary));
      return exitCodeOf(summary);
    });
  },
};
