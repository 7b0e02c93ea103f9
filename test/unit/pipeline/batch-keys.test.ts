import { BatchKeys, type RecordKeys } from '../../../scrapers/pipeline/batch-keys.js';

const record = (over: Partial<RecordKeys> = {}): RecordKeys => ({
  source: 'openstates', externalId: 'ocd-bill/1', jurisdictionId: 'ocd-jurisdiction/country:us/state:va/government', session: '2025', identifier: 'HB 1', ...over,
});

describe('BatchKeys', () => {
  test('a batch holds a record by its source key, and a second record of the same bill by its natural key', () => {
    const keys = new BatchKeys();
    keys.add(record());
    expect(keys.size).toBe(1);
    expect(keys.has(record())).toBe(true);
    // The same bill from Virginia's own files.
    expect(keys.has(record({ source: 'virginia', externalId: 'HB1' }))).toBe(true);
    // The same Open States id for another bill (a source's id reused): still the same source record.
    expect(keys.has(record({ identifier: 'HB 2' }))).toBe(true);
    expect(keys.has(record({ externalId: 'ocd-bill/2', identifier: 'HB 2' }))).toBe(false);
    expect(keys.has(record({ externalId: 'ocd-bill/2', session: '2026' }))).toBe(false);
    expect(keys.has(record({ externalId: 'ocd-bill/2', jurisdictionId: 'ocd-jurisdiction/country:us/state:ky/government' }))).toBe(false);
    // Parts are not joined into one string: no two keys run together.
    expect(keys.has(record({ externalId: 'ocd-bill/2', session: '2025HB', identifier: ' 1' }))).toBe(false);
  });

  test('two batches share when any record or bill of one is in the other', () => {
    const a = new BatchKeys();
    const b = new BatchKeys();
    for (let i = 0; i < 100; i++) a.add(record({ externalId: `ocd-bill/${i}`, identifier: `HB ${i}` }));
    for (let i = 100; i < 300; i++) b.add(record({ externalId: `ocd-bill/${i}`, identifier: `HB ${i}` }));
    expect(a.shares(b)).toBe(false);
    expect(b.shares(a)).toBe(false);
    b.add(record({ source: 'virginia', externalId: 'HB50', identifier: 'HB 50' }));
    expect(a.shares(b)).toBe(true);
    expect(b.shares(a)).toBe(true);
    const c = new BatchKeys();
    c.add(record({ externalId: 'ocd-bill/7', identifier: 'HB 7000' }));
    expect(c.shares(a)).toBe(true);
    expect(new BatchKeys().shares(a)).toBe(false);
  });
});
