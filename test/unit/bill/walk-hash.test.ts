import { canonicalHash, recordHash } from '../../../core/bill/walk-hash.js';
import { openStatesFixtureBills } from '../../helpers/bill-fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every record one small edit away from `record`: each leaf edited, each key dropped or renamed, neighbours swapped. */
function oneEditAway(record: Json): Json[] {
  const out: Json[] = [];
  const edit = (node: Json, replace: (v: Json) => Json): void => {
    if (typeof node === 'string') {
      out.push(replace(`${node}x`));
      if (node.length) out.push(replace(node.slice(0, -1)));
      if (node.length) out.push(replace(String.fromCharCode(node.charCodeAt(0) ^ 1) + node.slice(1)));
      if (node.length > 2) {
        const mid = node.length >> 1;
        if (node[mid] !== node[mid + 1]) out.push(replace(node.slice(0, mid) + node[mid + 1] + node[mid] + node.slice(mid + 2)));
      }
    } else if (typeof node === 'number') {
      out.push(replace(node + 1), replace(String(node)));
    } else if (typeof node === 'boolean') {
      out.push(replace(!node));
    } else if (node === null) {
      out.push(replace('null'), replace(0));
    } else if (Array.isArray(node)) {
      out.push(replace([...node, null]));
      node.forEach((v, i) => {
        edit(v, (x) => replace(node.map((y, j) => (j === i ? x : y))));
        out.push(replace(node.filter((_, j) => j !== i)));
        if (i > 0 && JSON.stringify(node[i - 1]) !== JSON.stringify(v)) {
          const swapped = [...node];
          [swapped[i - 1], swapped[i]] = [v, node[i - 1]];
          out.push(replace(swapped));
        }
      });
    } else {
      const keys = Object.keys(node);
      keys.forEach((k, i) => {
        edit(node[k], (x) => replace({ ...node, [k]: x }));
        const { [k]: _dropped, ...rest } = node;
        out.push(replace(rest));
        out.push(replace(Object.fromEntries(keys.map((key) => [key === k ? `${k}_` : key, node[key]]))));
        // The values of two neighbouring keys exchanged.
        if (i > 0 && JSON.stringify(node[keys[i - 1]]) !== JSON.stringify(node[k])) out.push(replace({ ...node, [keys[i - 1]]: node[k], [k]: node[keys[i - 1]] }));
      });
    }
  };
  edit(record, (x) => x);
  return out;
}

describe('recordHash', () => {
  const records = openStatesFixtureBills() as Json[];

  test('the same record read again (new objects, same JSON) hashes alike, as 16 hex digits', () => {
    expect(records.length).toBeGreaterThan(3);
    for (const record of records) {
      const again = JSON.parse(JSON.stringify(record)) as Json;
      expect(recordHash(again, 'v1')).toBe(recordHash(record, 'v1'));
      expect(recordHash(record, 'v1')).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  test('every record one edit away from a real record hashes differently from it and from every other edit', () => {
    let checked = 0;
    for (const record of records) {
      const original = recordHash(record, 'v1');
      const byJson = new Map<string, string>();
      for (const edited of oneEditAway(record)) {
        const json = JSON.stringify(edited);
        if (json === JSON.stringify(record)) continue;
        byJson.set(json, recordHash(edited, 'v1'));
      }
      const hashes = [...byJson.values()];
      expect(hashes).not.toContain(original);
      expect(new Set(hashes).size).toBe(hashes.length);
      checked += hashes.length;
    }
    // Thousands of distinct edits, so a weak mix would show.
    expect(checked).toBeGreaterThan(2_000);
  });

  test('the seed (the schema version) is part of the hash', () => {
    expect(recordHash(records[0], 'v1')).not.toBe(recordHash(records[0], 'v2'));
  });

  test('values whose JSON texts would be told apart only by their punctuation differ', () => {
    const pairs: [unknown, unknown][] = [
      [['ab', 'c'], ['a', 'bc']],
      [{ a: 'b' }, { ab: '' }],
      [[{}, 'x'], [{ x: null }]],
      ['a', ['a']],
      [1, '1'],
      [null, 'null'],
      [true, 'true'],
      [{}, []],
      [[], [null]],
      [{ a: {} }, { a: [] }],
      [{ a: 1, b: 2 }, { a: 2, b: 1 }],
      [{ a: { b: 1 } }, { a: {}, b: 1 }],
      ['', []],
      ['ab', 'ba'],
      ['abc', 'abc\u0000'],
      ['\u{1F600}', '\uD83D'],
      [0.1 + 0.2, 0.3],
    ];
    const alike = pairs.filter(([x, y]) => recordHash(x, 's') === recordHash(y, 's')).map((pair) => JSON.stringify(pair));
    expect(alike).toEqual([]);
  });

  test('what JSON leaves out or converts is hashed as JSON has it', () => {
    expect(recordHash({ a: 1, b: undefined, c: () => 1 }, 's')).toBe(recordHash({ a: 1 }, 's'));
    expect(recordHash([undefined, () => 1], 's')).toBe(recordHash([null, null], 's'));
    const day = new Date('2025-06-01T00:00:00Z');
    expect(recordHash({ at: day }, 's')).toBe(recordHash({ at: day.toISOString() }, 's'));
    expect(recordHash({ at: day }, 's')).not.toBe(recordHash({ at: new Date('2025-06-02T00:00:00Z') }, 's'));
  });

  test('50,000 distinct generated records give 50,000 distinct hashes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      seen.add(recordHash({ source: 'bench', externalId: `x-${i % 5_000}`, actions: [{ date: `2025-01-${(i % 28) + 1}`, n: Math.floor(i / 5_000) }] }, 'v1'));
    }
    expect(seen.size).toBe(50_000);
  });
});

/** The canonical form `canonicalHash` promises, built the plain way: keys sorted, empty values left out. */
function canonicalForm(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonicalForm);
  if (value !== null && typeof value === 'object') {
    const empty = (v: Json) => v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
    return Object.fromEntries(Object.keys(value).sort().filter((k) => !empty(value[k])).map((k) => [k, canonicalForm(value[k])]));
  }
  return value;
}

/** The value with every object's keys in reverse order. */
function reversedKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys(value[k])]));
  return value;
}

describe('canonicalHash', () => {
  const records = openStatesFixtureBills() as Json[];

  test('key order and empty values do not count; two values hash alike exactly when their canonical forms are equal', () => {
    let checked = 0;
    for (const record of records) {
      const reordered = reversedKeys(record);
      expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(record));
      expect(canonicalHash({ ...(reordered as object), addedLater: [], alsoEmpty: {}, gone: null }, 'bill')).toBe(canonicalHash(record, 'bill'));
      const byForm = new Map<string, string>();
      for (const edited of [record, ...oneEditAway(record)]) {
        const form = JSON.stringify(canonicalForm(edited));
        const hash = canonicalHash(edited, 'bill');
        // An edit that only drops an empty value leaves the form, and the hash, as they were.
        if (byForm.has(form)) expect(hash).toBe(byForm.get(form));
        byForm.set(form, hash);
      }
      const hashes = [...byForm.values()];
      expect(new Set(hashes).size).toBe(hashes.length);
      checked += hashes.length;
    }
    expect(checked).toBeGreaterThan(2_000);
  });

  test('it is not the record hash: the same value under each gives different hashes', () => {
    expect(canonicalHash(records[0], 'x')).not.toBe(recordHash(records[0], 'x'));
  });
});

