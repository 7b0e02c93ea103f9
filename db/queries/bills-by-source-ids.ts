import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { billSummaryColumns, toBillSummaries, type BillSummary, type BillSummaryRow } from './bill-summary.js';

/** A PostgreSQL array literal of texts (one parameter, whatever the count). */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * The stored bills a source knows under these external ids (`openstates`, `ocd-bill/...`),
 * as list summaries with their effective policies and stances, with the external id; ordered
 * by jurisdiction, session and identifier. Ids never stored are absent.
 */
export async function readBillsBySourceIds(db: Db, source: string, externalIds: readonly string[]): Promise<(BillSummary & { external_id: string })[]> {
  if (externalIds.length === 0) return [];
  const rows = await queryRows<BillSummaryRow & { external_id: string }>(
    db,
    sql`SELECT ${billSummaryColumns}, s.external_id
        FROM bill_sources s JOIN bills b ON b.id = s.bill_id JOIN jurisdictions j ON j.id = b.jurisdiction_id
        WHERE s.source = ${source} AND s.external_id = ANY(${textArray(externalIds)}::text[])
        ORDER BY j.name, b.session, b.identifier`,
  );
  const summaries = await toBillSummaries(db, rows);
  return summaries.map((summary, i) => ({ ...summary, external_id: rows[i]!.external_id }));
}
