import { billKind, isLawKind } from '../../../core/bill/bill-kind.js';
import { readVirginiaBills, virginiaStatusInput } from '../status/va-lis-rows.js';

describe('what a record is', () => {
  test("Open States' classifications", () => {
    expect(billKind('bill', 'HB 1251')).toBe('bill');
    expect(billKind('resolution', 'HR 807')).toBe('resolution');
    expect(billKind('joint resolution', 'HJ 1')).toBe('joint-resolution');
    expect(billKind('concurrent resolution', 'SCR 2')).toBe('concurrent-resolution');
    expect(billKind('constitutional amendment', 'ACA 5')).toBe('constitutional-amendment');
    expect(billKind('appropriation', 'HB 1400')).toBe('budget');
    expect(billKind('memorial', 'HM 3')).toBe('memorial');
    expect(billKind('commemoration', 'SR 9')).toBe('resolution');
    expect(billKind('nomination', 'SN 1')).toBe('appointment');
    expect(billKind('proclamation', 'P 1')).toBe('other');
  });
  test('a generic classification lets the identifier tell a resolution from a bill', () => {
    expect(billKind('bill', 'HR 807')).toBe('resolution');
    expect(billKind('bill', 'SJR 3')).toBe('joint-resolution');
    expect(billKind('', 'HCR 12')).toBe('concurrent-resolution');
    expect(billKind('other', 'R2012-1118')).toBe('resolution');
    expect(billKind('other', 'O-090-20')).toBe('ordinance');
    expect(billKind('bill', 'HB 9')).toBe('bill');
    expect(billKind('bill', 'LB 51')).toBe('bill');
  });
  test('council matter types', () => {
    expect(billKind('ordinance', 'O2020-1234')).toBe('ordinance');
    expect(billKind('resolution', 'R2012-1118')).toBe('resolution');
    expect(billKind('other', '2020-0012')).toBe('other');
  });
  test('in the Virginia 2025 file every HB and SB is a bill (a law kind) and every HJ, SJ, HR and SR is not', () => {
    const byPrefix = new Map<string, Set<boolean>>();
    for (const row of readVirginiaBills()) {
      const input = virginiaStatusInput(row, { hints: false });
      const law = isLawKind(billKind(input.classification, row.Bill_id.replace(/^([A-Z]+)/, '$1 ')));
      const prefix = row.Bill_id.slice(0, 2);
      byPrefix.set(prefix, new Set([...(byPrefix.get(prefix) ?? []), law]));
    }
    expect(Object.fromEntries([...byPrefix].map(([k, v]) => [k, [...v]]))).toEqual({ HB: [true], SB: [true], HJ: [false], SJ: [false], HR: [false], SR: [false] });
  });
});
