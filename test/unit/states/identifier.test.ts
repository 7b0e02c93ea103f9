import { normalizeBillIdentifier } from '../../../core/bill/identifier.js';

describe('normalizeBillIdentifier', () => {
  it('writes identifiers the way Open States does', () => {
    expect(normalizeBillIdentifier('HB1')).toBe('HB 1');
    expect(normalizeBillIdentifier('sj  12')).toBe('SJ 12');
    expect(normalizeBillIdentifier('S 0494')).toBe('S 494');
    expect(normalizeBillIdentifier('H.B. 21')).toBe('HB 21');
    expect(normalizeBillIdentifier('HB00001')).toBe('HB 1');
    expect(normalizeBillIdentifier('HB 0')).toBe('HB 0');
  });

  it('leaves council file numbers alone and refuses empty input', () => {
    expect(normalizeBillIdentifier('R2012-1118')).toBe('R2012-1118');
    expect(normalizeBillIdentifier(' 18-1628 ')).toBe('18-1628');
    expect(() => normalizeBillIdentifier('  ')).toThrow(TypeError);
  });
});
