import type { DatabaseHandle } from '../../db/connect.js';
import { users } from '../../db/schema/index.js';
import { makeBill } from './bill-fixtures.js';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';

/** A staff member to own watches. */
export async function makeStaff(handle: DatabaseHandle, email = 'analyst@example.org'): Promise<{ id: number; email: string }> {
  const [row] = await handle.db.insert(users).values({ email, name: 'Analyst', passwordHash: 'x' }).returning({ id: users.id, email: users.email });
  return row;
}

/** Virginia SB 5030 (decertification) as it stood in committee, and after both chambers passed it. */
export function committeeAndPassed(overrides: Partial<NormalizedBillInput> = {}): { inCommittee: NormalizedBillInput; passed: NormalizedBillInput } {
  const inCommittee = makeBill({
    identifier: 'SB 5030', externalId: 'sb5030', chamber: 'upper', title: 'Law-enforcement officers; decertification for misconduct',
    sourceUrl: 'https://lis.virginia.gov/bill-details/20202/SB5030',
    actions: [
      { date: '2020-08-18', description: 'Presented and ordered printed', actorClassification: 'upper', sourceClassification: ['introduction'] },
      { date: '2020-08-19', description: 'Referred to Committee on the Judiciary', actorClassification: 'upper', sourceClassification: ['referral-committee'] },
    ],
    ...overrides,
  });
  const passed = {
    ...inCommittee,
    actions: [
      ...inCommittee.actions!,
      { date: '2020-09-02', description: 'Passed Senate (21-Y 17-N)', actorClassification: 'upper' as const, sourceClassification: ['passage'] },
      { date: '2020-10-09', description: 'Passed House <with amendments> & "returned"', actorClassification: 'lower' as const, sourceClassification: ['passage'] },
    ],
  };
  return { inCommittee, passed };
}
