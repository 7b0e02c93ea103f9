import { sql, type SQL } from 'drizzle-orm';
import { normalizeJurisdictionRef, splitJurisdictionRefs } from '../../core/jurisdictions/jurisdiction-refs.js';

/**
 * The one SQL condition for a jurisdiction filter, with `b` the bill and `j` its
 * jurisdiction: a state code matches the state and every place in it, an OCD id that one
 * jurisdiction; several references match any of them.
 */
export function jurisdictionFilterSql(refs: string | readonly string[]): SQL {
  const list = (typeof refs === 'string' ? [refs] : refs).map(normalizeJurisdictionRef);
  const { stateCodes, ids } = splitJurisdictionRefs(list);
  const parts: SQL[] = [];
  if (stateCodes.length) parts.push(sql`j.state_code IN ${stateCodes}`);
  if (ids.length) parts.push(sql`b.jurisdiction_id IN ${ids}`);
  if (parts.length === 0) return sql`FALSE`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}
