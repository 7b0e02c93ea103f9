import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { BENCHES } from '../bench/benches.js';
import type { BenchFigure } from '../bench/bench-result.js';
import { getRuntime } from '../runtime.js';

function formatFigure(f: BenchFigure): string {
  const value = `${f.value.toLocaleString('en-US')} ${f.unit}`;
  if (!f.baseline) return `  ${f.name}: ${value}${f.note ? ` (${f.note})` : ''}`;
  const ratio = f.baseline.value === 0 ? 'n/a' : (f.value / f.baseline.value).toFixed(3);
  return `  ${f.name}: ${value}\n    baseline ${f.baseline.name}: ${f.baseline.value.toLocaleString('en-US')} ${f.unit}  (ratio ${ratio})${f.note ? `\n    ${f.note}` : ''}`;
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks and print figures beside same-run baselines',
  help: `Usage: npm run bench [-- --only <name>]   (or npm run tracker -- bench)

Benchmarks: ${BENCHES.map((b) => b.name).join(', ')}. Each prints its figures beside a
baseline measured in the same run, and the ratio, so results compare across machines.
Every benchmark runs on its own embedded database and loopback servers only; with
DATABASE_URL set, the import and API benchmarks run on that PostgreSQL server instead, in
throwaway databases they create and drop (the role needs CREATEDB).`,
  async run(args) {
    const { values } = parseCommandArgs(args, { only: { type: 'string', multiple: true } });
    const chosen = values.only?.length ? BENCHES.filter((b) => values.only!.includes(b.name)) : BENCHES;
    if (values.only?.length && chosen.length !== values.only.length) throw new UsageError(`unknown benchmark; known: ${BENCHES.map((b) => b.name).join(', ')}`);
    for (const bench of chosen) {
      const started = Date.now();
      const result = await bench.run({ databaseUrl: getRuntime().config.databaseUrl });
      process.stdout.write(`${result.title}  [${((Date.now() - started) / 1000).toFixed(1)} s]\n${result.figures.map(formatFigure).join('\n')}\n\n`);
    }
    return 0;
  },
};
