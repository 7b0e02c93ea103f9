/**
 * What every benchmark returns: figures, each optionally beside a baseline measured in
 * the same run, so `npm run bench` prints ratios rather than machine-dependent numbers.
 */
export type BenchFigure = {
  name: string; // "classify Virginia 2025 corpus"
  value: number;
  unit: string; // "bills/s", "ms", "bytes"
  baseline?: { name: string; value: number }; // same unit
  note?: string;
};

export type BenchResult = { title: string; figures: BenchFigure[] };

/**
 * A benchmark. `databaseUrl` is the configured PostgreSQL server (DATABASE_URL) for the
 * benchmarks that can also measure there, in a throwaway database; null means embedded.
 */
export type Bench = { name: string; run: (options?: { databaseUrl: string | null }) => Promise<BenchResult> };
