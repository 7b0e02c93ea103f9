import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { recomputeRollup } from '../rollup/recompute-rollup.js';

/**
 * Synthetic data for the benchmarks and for tests that need many bills: set-based inserts
 * (INSERT ... SELECT generate_series) that bypass the pipeline on purpose.
 */

/** Titles the synthetic bills rotate through, with the policy (and stance) each counts for. */
const TOPICS: { title: string; policy: string | null }[] = [
  { title: 'Search warrants; no-knock warrants prohibited', policy: 'no-knock' },
  { title: 'Peace officers: certification: decertification for serious misconduct', policy: 'decertification' },
  { title: 'Creates mobile crisis response teams to respond to 911 calls', policy: 'crisis-response' },
  { title: 'Highway construction; bond authorization', policy: null },
  { title: 'Income tax; credit for child care expenses', policy: null },
];

/**
 * Inserts `count` synthetic bills in one statement (INSERT ... SELECT generate_series), spread
 * over the states, with stages, statuses and latest-action dates varying by row, plus their
 * machine classifications (every 7th policy bill opposes). Numbering starts at `from`, so
 * repeated calls add distinct bills. Does not recompute the rollup (see `rollUpStates`).
 * @returns the number of bills inserted.
 */
export async function loadSyntheticBills(db: Db, options: { count: number; from?: number; session?: string }): Promise<number> {
  const from = options.from ?? 1;
  const to = from + options.count - 1;
  const session = options.session ?? 'synthetic';
  const titles = TOPICS.map((t) => t.title);
  // Numbers run in bigint: g * 7919 leaves int4 above ~271,000 bills.
  const inserted = await queryRows<{ n: string | number }>(
    db,
    sql`WITH states AS (SELECT array_agg(id ORDER BY id) AS ids FROM jurisdictions WHERE classification = 'state'),
        added AS (
        INSERT INTO bills (jurisdiction_id, session, identifier, title, stage, status, latest_action_on, latest_action_description, introduced_on,
                           source_url, primary_source, content_hash)
        SELECT states.ids[1 + (g % array_length(states.ids, 1))::int], ${session}, 'SB ' || g,
               (ARRAY[${sql.join(titles.map((t) => sql`${t}::text`), sql`, `)}])[1 + (g % ${titles.length}::int)::int] || ' (' || g || ')',
               (ARRAY['introduced','committee','committee','passed_one_chamber','introduced','committee','enacted','enacted','committee','passed_legislature'])[1 + ((g / 5) % 10)::int],
               (ARRAY['pending','pending','pending','pending','pending','failed','enacted','enacted','failed','vetoed'])[1 + ((g / 5) % 10)::int],
               DATE '2018-01-01' + ((g * 7919) % 3000)::int, 'Synthetic action ' || g, DATE '2018-01-01' + ((g * 7919) % 3000)::int - 30,
               'https://example.org/bills/' || g, 'synthetic', md5(g::text)
        FROM generate_series(${from}::bigint, ${to}::bigint) AS g, states
        RETURNING 1)
        SELECT count(*) AS n FROM added`,
  );
  for (const [index, topic] of TOPICS.entries()) {
    if (!topic.policy) continue;
    await db.execute(sql`
      INSERT INTO bill_policies (bill_id, policy_id, score, stance, evidence)
      SELECT b.id, ${topic.policy}, 0.95, CASE WHEN b.id % 7 = 0 THEN 'opposes' ELSE 'supports' END,
             '[{"rule":"synthetic","field":"title"}]'::jsonb
      FROM bills b
      WHERE b.session = ${session} AND b.primary_source = 'synthetic'
        AND substring(b.identifier FROM 4)::bigint BETWEEN ${from} AND ${to}
        AND substring(b.identifier FROM 4)::bigint % ${TOPICS.length}::int = ${index}::int`);
  }
  // The rollup's input, as the pipeline keeps it.
  await db.execute(sql`
    INSERT INTO rollup_items (bill_id, policy_id, jurisdiction_id, stance, status, strength)
    SELECT e.bill_id, e.policy_id, b.jurisdiction_id, e.stance, b.status, e.strength
    FROM bill_policy_effective e JOIN bills b ON b.id = e.bill_id
    WHERE b.session = ${session} AND b.primary_source = 'synthetic'
      AND substring(b.identifier FROM 4)::bigint BETWEEN ${from} AND ${to}
    ON CONFLICT DO NOTHING`);
  return Number(inserted[0]?.n ?? 0);

}

/** Recomputes every state's rollup for every policy (what the pipeline does per bill). */
export async function rollUpStates(db: Db): Promise<void> {
  const states = await queryRows<{ id: string }>(db, sql`SELECT id FROM jurisdictions WHERE classification = 'state' ORDER BY id`);
  for (const s of states) await recomputeRollup(db, s.id);
}

/** Refreshes the planner's statistics after a bulk load (what autovacuum would do later). */
export async function analyzeDatabase(db: Db): Promise<void> {
  await db.execute(sql`ANALYZE`);
}
