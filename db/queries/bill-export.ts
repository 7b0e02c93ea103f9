import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

/** What the CSV export adds to a bill summary: sponsors in order, and the dates an introduced date is judged from. */
export type BillExportFacts = { sponsors: string[]; firstActionOn: string | null; firstVersionOn: string | null; introducedOn: string | null };

const BATCH = 5000;

/** Per bill id: its sponsors (primary first, in the source's order) and its first action and version dates. */
export async function billExportFacts(db: Db, ids: number[]): Promise<Map<number, BillExportFacts>> {
  const out = new Map<number, BillExportFacts>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const rows = await queryRows<{ id: string | number; sponsors: string[] | null; first_action: string | null; first_version: string | null; introduced_on: string | null }>(
      db,
      sql`SELECT b.id,
                 (SELECT array_agg(s.name ORDER BY s."primary" DESC, s.position) FROM sponsors s WHERE s.bill_id = b.id) AS sponsors,
                 (SELECT min(a.date)::text FROM actions a WHERE a.bill_id = b.id) AS first_action,
                 (SELECT min(d.date)::text FROM documents d WHERE d.bill_id = b.id AND d.kind = 'version') AS first_version,
                 b.introduced_on::text AS introduced_on
          FROM bills b WHERE b.id IN ${batch}`,
    );
    for (const r of rows) out.set(Number(r.id), { sponsors: r.sponsors ?? [], firstActionOn: r.first_action, firstVersionOn: r.first_version, introducedOn: r.introduced_on });
  }
  return out;
}
