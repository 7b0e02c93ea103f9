import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import { HttpClient } from '../../scrapers/kit/http-client.js';
import { PARSERS, parserFor, type ParseOptions } from '../../scrapers/parsers/parser-registry.js';
import { legistarCity } from '../../scrapers/sources/legistar.source.js';

const width = Math.max(...PARSERS.map((p) => p.kind.length));

const HELP = `Usage: npm run tracker -- parse <kind> <file|url> [--url <address>] [--session <code>] [--client <name>]

Runs one parser on a saved page or file (or on a page fetched from <url> through the
tracker's HTTP client: polite pacing, retries) and prints what it reads as JSON:
{ kind, url, count, ..., records }. Touches no database: use it to check a page that
changed, or to try a new city's page before enabling its source. A page whose layout
changed fails with the selector and the address (exit 1); bad usage exits 2.

  --url <address>    the page's own address, to resolve its links (files only)
  --session <code>   for parsers whose page does not name the session (virginia, missouri-*)
  --client <name>    Legistar client: legistar-detail prints the city's normalized bill

Kinds:
${PARSERS.map((p) => `  ${p.kind.padEnd(width)}  ${p.reads}`).join('\n')}`;

export const parseCommand: Command = {
  name: 'parse',
  summary: 'run one parser on a saved page or a URL and print its records as JSON (no database)',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { url: { type: 'string' }, session: { type: 'string' }, client: { type: 'string' } }, true);
    const [kind, target, ...extra] = positionals;
    if (!kind) throw new UsageError('name a parser kind');
    if (!target) throw new UsageError('name a file or an http(s) address to parse');
    if (extra.length) throw new UsageError(`one file or address at a time (also got ${extra.join(', ')})`);
    let parser;
    try {
      parser = parserFor(kind);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const options: ParseOptions = { session: values.session, client: values.client };
    if (values.client) {
      try {
        options.jurisdiction = legistarCity(values.client).id;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    let content: Buffer;
    let url: string;
    if (/^https?:\/\//i.test(target)) {
      const fetched = await new HttpClient({ maxAttempts: 2 }).getBuffer(target);
      content = fetched.body;
      url = fetched.url;
    } else {
      if (!existsSync(target)) throw new UsageError(`no such file: ${target}`);
      content = readFileSync(target);
      url = values.url ?? pathToFileURL(path.resolve(target)).toString();
    }
    try {
      const result = await parser.parse({ content, url, options });
      process.stdout.write(`${JSON.stringify({ kind, url, count: result.records.length, ...result.context, records: result.records }, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ScrapeError) {
        process.stderr.write(`parse ${kind}: ${error.message}\n`);
        return 1;
      }
      if (error instanceof Error && /^give --/.test(error.message)) throw new UsageError(error.message);
      throw error;
    }
  },
};
