import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { stateOcdId } from '../../core/jurisdictions/public-paths.js';

/**
 * Look-ups behind the short URLs (core/jurisdictions/public-paths.ts): the jurisdiction a
 * `/ky/louisville` path names, and the bill a `/bills/va/2025/HB1234` path names.
 */

/** The OCD id of the state, or of the place in it whose id ends in `<type>:<place>/government`; null when none. */
export async function findJurisdictionBySlugs(db: Db, state: string, place: string | null): Promise<string | null> {
  const st = state.toLowerCase();
  if (!place) {
    const rows = await queryRows<{ id: string }>(db, sql`SELECT id FROM jurisdictions WHERE id = ${stateOcdId(st)}`);
    return rows[0]?.id ?? null;
  }
  // The type segment (place, county, school_district) is not in the path: a city is preferred over a county of the same name.
  const escaped = place.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM jurisdictions
        WHERE id LIKE ${`ocd-jurisdiction/country:us/state:${st}/%:${escaped}/government`}
        ORDER BY (id LIKE '%/place:%') DESC, (id LIKE '%/county:%') DESC, id LIMIT 1`,
  );
  return rows[0]?.id ?? null;
}

/** The id of the bill with this session and identifier (spaces ignored, any case) in the jurisdiction; null when none. */
export async function findBillIdByPath(db: Db, jurisdictionId: string, session: string, identifier: string): Promise<number | null> {
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`SELECT id FROM bills
        WHERE jurisdiction_id = ${jurisdictionId} AND session = ${session}
          AND upper(replace(identifier, ' ', '')) = ${identifier.replace(/\s+/g, '').toUpperCase()}
        ORDER BY id LIMIT 1`,
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** What a bill's short URL is made of; null for an unknown id. */
export async function billPathFacts(db: Db, billId: number): Promise<{ jurisdictionId: string; session: string; identifier: string } | null> {
  const rows = await queryRows<{ jurisdiction_id: string; session: string; identifier: string }>(
    db,
    sql`SELECT jurisdiction_id, session, identifier FROM bills WHERE id = ${billId}`,
  );
  return rows[0] ? { jurisdictionId: rows[0].jurisdiction_id, session: rows[0].session, identifier: rows[0].identifier } : null;
}
