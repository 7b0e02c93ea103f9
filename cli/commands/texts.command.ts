import { existsSync } from 'node:fs';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase } from '../runtime.js';
import { createProgress } from '../progress.js';
import { HttpClient } from '../../scrapers/kit/http-client.js';
import { type ModelPolicy } from '../../core/adoption/model-policy.schema.js';
import { modelsFor, runEvaluation } from './texts-evaluate.js';
import { NotFoundError } from '../../core/errors.js';
import { attachTextFile, fetchBillTexts, rescoreTexts, type TextRunReport } from '../../scrapers/pipeline/fetch-bill-texts.js';

const HELP = `Usage:
  npm run tracker -- texts [--bill <id> ...] [--policy <id>] [--limit N] [--all] [--refetch]
  npm run tracker -- texts --file <path> (--bill <id> | --law <id>) [--note <text>] [--all]
  npm run tracker -- texts --rescore [--model <id>]
  npm run tracker -- texts --evaluate <labels.json> [--models <dir | edited.model.json>] [--min <0..1>]

Reads bill texts and scores them, provision by provision, against the model policies
(db/seed/models/*.model.json).

Without --file or --rescore: for every bill tagged with a policy (or the --bill ids),
fetches each text version from its official URL (politely: one request per host every
--interval ms, default 1000), extracts and normalizes it, stores it when its text is new
(hash), and scores it against the models of the bill's policies (every model with --all).
Versions already stored are not fetched again unless --refetch. A document that fails is
reported with its URL; the run goes on.

--file attaches a saved text (PDF, HTML, XML, Markdown or plain text) to a bill or to a
curated law (--law), for offline use, and scores it.

--rescore re-scores every stored text (only against --model) after a model edit, reading
the texts from the database without fetching anything. Staff overrides are kept while a
text is unchanged.

--evaluate scores a labelled set of texts (no database) and prints how often the
checklist agrees with the labels, per model and per labelled outcome, with every
disagreement and the scorer's reason. The labels file is JSON: a list of
{ "file": "relative/path.xml" (or "text": "..."), "policy": "no-knock",
  "labels": { "NK-1": "adopted", "NK-4": "weaker", "NK-9": "unclear" } }
("unclear" is left out; several policies: "labels": { "no-knock": { ... } }).
--models judges the models of a folder, or one edited model file in place of the
shipped one, before it is saved; --min exits 1 when agreement is below it.`;

function positiveId(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number (got "${value}")`);
  return n;
}

function formatReport(r: TextRunReport): string {
  const lines = [
    `${r.bills} bill(s), ${r.versions} version(s): ${r.fetched} fetched, ${r.stored} stored, ${r.unchanged} unchanged, ${r.skipped} already stored, ${r.failed} failed; ${r.scored} score(s) written`,
    ...r.errors.map((e) => `  error ${e.code}: ${e.url ?? '(no URL)'}: ${e.message}`),
    ...r.warnings.map((w) => `  warning: ${w.url ?? '(no URL)'}: ${w.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

function billIdsGiven(values: { bill?: string[] }): boolean {
  return (values.bill ?? []).length > 0;
}

/** `tracker texts`: fetch, attach or re-score bill texts against the model policies, or evaluate them against labels. */
export const textsCommand: Command = {
  name: 'texts',
  summary: 'fetch bill texts and score them against the model policies (or attach a file, or re-score)',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      bill: { type: 'string', multiple: true },
      law: { type: 'string' },
      policy: { type: 'string' },
      model: { type: 'string' },
      limit: { type: 'string' },
      interval: { type: 'string' },
      file: { type: 'string' },
      note: { type: 'string' },
      all: { type: 'boolean' },
      refetch: { type: 'boolean' },
      rescore: { type: 'boolean' },
      evaluate: { type: 'string' },
      models: { type: 'string' },
      min: { type: 'string' },
    });
    if (values.evaluate !== undefined) {
      if (billIdsGiven(values) || values.file || values.rescore || values.law) throw new UsageError('--evaluate takes only --models and --min');
      const min = values.min === undefined ? undefined : Number(values.min);
      if (min !== undefined && !(min >= 0 && min <= 1)) throw new UsageError(`--min must be a number from 0 to 1 (got "${values.min}")`);
      return runEvaluation(values.evaluate, modelsFor(values.models), min);
    }
    if (values.models !== undefined || values.min !== undefined) throw new UsageError('--models and --min go with --evaluate');
    const billIds = (values.bill ?? []).map((b) => positiveId(b, '--bill'));
    const models: ModelPolicy[] = modelsFor(undefined);
    const known = models.map((m) => m.policyId);
    for (const [flag, id] of [['--policy', values.policy], ['--model', values.model]] as const) {
      if (id !== undefined && !known.includes(id as ModelPolicy['policyId'])) throw new UsageError(`${flag} must be a model policy id; known: ${known.join(', ')}`);
    }
    const modes = [values.file !== undefined, values.rescore === true].filter(Boolean).length;
    if (modes > 1) throw new UsageError('use --file or --rescore, not both');

    if (values.rescore) {
      if (billIds.length || values.law || values.policy || values.limit) throw new UsageError('--rescore takes only --model');
      return withDatabase('tracker texts --rescore', async (handle) => {
        const progress = createProgress();
        const started = Date.now();
        const result = await rescoreTexts(handle.db, models, { modelId: values.model, onProgress: (n) => progress.update(`re-scored ${n} text(s)`) });
        progress.done();
        process.stdout.write(`re-scored ${result.texts} stored text(s): ${result.scored} score(s) written in ${Date.now() - started} ms (nothing fetched)\n`);
        return 0;
      });
    }

    if (values.file !== undefined) {
      if (!existsSync(values.file)) throw new UsageError(`no such file: ${values.file}`);
      if ((billIds.length === 1) === (values.law !== undefined) || billIds.length > 1) throw new UsageError('--file needs exactly one --bill <id> or --law <id>');
      const owner = billIds.length ? { billId: billIds[0] } : { curatedLawId: positiveId(values.law!, '--law') };
      return withDatabase('tracker texts --file', async (handle) => {
        let result: Awaited<ReturnType<typeof attachTextFile>>;
        try {
          result = await attachTextFile(handle.db, models, { ...owner, file: values.file!, note: values.note, allModels: values.all });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          process.stderr.write(`texts: ${error.message}\n`);
          return 1;
        }
        for (const w of result.warnings) process.stderr.write(`texts: warning: ${values.file}: ${w}\n`);
        process.stdout.write(`${result.created ? 'stored' : 'already stored (same text)'} as text ${result.textId} (${result.format}); ${result.scored} score(s) written\n`);
        return 0;
      });
    }

    if (values.model || values.law || values.note) throw new UsageError('--model goes with --rescore; --law and --note go with --file');
    const limit = values.limit === undefined ? undefined : positiveId(values.limit, '--limit');
    const interval = values.interval === undefined ? 1000 : positiveId(values.interval, '--interval');
    return withDatabase('tracker texts', async (handle) => {
      const progress = createProgress();
      const client = new HttpClient({ minIntervalMs: interval });
      const report = await fetchBillTexts(handle.db, client, models, {
        billIds: billIds.length ? billIds : undefined, policyId: values.policy, limit, allModels: values.all, refetch: values.refetch,
        onProgress: (r) => progress.update(`${r.bills} bill(s): ${r.fetched} fetched, ${r.stored} stored, ${r.failed} failed`),
      });
      progress.done();
      process.stdout.write(formatReport(report));
      return report.failed > 0 && report.fetched === 0 && report.skipped === 0 ? 1 : 0;
    });
  },
};
