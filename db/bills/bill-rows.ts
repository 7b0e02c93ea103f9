import type { PgTable } from 'drizzle-orm/pg-core';
import { actions, documents, sponsors, votes } from '../schema/index.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';

/**
 * The rows a bill's child tables get, built once for both writers (one bill at a time in
 * `bill-writer.ts`, a batch at a time in `bill-batch-writer.ts`), so the two store the same
 * rows. A new child table is one more entry in BILL_CHILDREN.
 */

export type BillChildSource = Pick<NormalizedBill, 'actions' | 'sponsors' | 'documents' | 'votes'>;

export type BillChild = {
  table: PgTable;
  /** The table's bill id column, in SQL (children are deleted by it when a bill is rewritten). */
  billIdColumn: string;
  rows: (billId: number, bill: BillChildSource, actionClassifications: string[][]) => Record<string, unknown>[];
};

export const BILL_CHILDREN: BillChild[] = [
  {
    table: actions,
    billIdColumn: 'bill_id',
    rows: (billId, bill, actionClassifications) =>
      bill.actions.map((a, position) => ({
        billId,
        position,
        date: a.date,
        description: a.description,
        actor: a.actor,
        actorClassification: a.actorClassification,
        sourceClassification: a.sourceClassification,
        classification: actionClassifications[position] ?? [],
        passed: a.passed,
      })),
  },
  { table: sponsors, billIdColumn: 'bill_id', rows: (billId, bill) => bill.sponsors.map((s, position) => ({ billId, position, ...s })) },
  { table: documents, billIdColumn: 'bill_id', rows: (billId, bill) => bill.documents.map((d, position) => ({ billId, position, ...d })) },
  { table: votes, billIdColumn: 'bill_id', rows: (billId, bill) => bill.votes.map((v, position) => ({ billId, position, ...v })) },
];
