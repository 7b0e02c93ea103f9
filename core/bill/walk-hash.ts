/**
 * 64-bit hashes of JSON-like values, computed by walking them: no JSON text is built. They
 * tell whether a source gave the very same record again (`recordHash`) and whether a bill's
 * facts changed (`canonicalHash`). Building JSON and digesting it took 60% of a re-read of
 * unchanged records (2.3 ns a character for the JSON, 0.8 for SHA-1, and 5 KB of garbage a
 * record), and the sorted JSON of the content hash 8% of a first import's CPU. They are
 * not cryptographic hashes: a source could not be trusted anyway, and a change they missed
 * would only go unseen until the bill's next change.
 *
 * The value is encoded as a sequence of 32-bit words that decodes one way only (type tags,
 * lengths before strings and arrays, an end word no length can be after an object's keys), so
 * two different values differ in their words. Each word goes into two lanes of 32 bits, with
 * a step that is one-to-one in both the lane and the word (xor, rotate, multiply by an odd
 * number): one changed word always changes the hash, and several happen to cancel in both
 * lanes about once in 2^64.
 */

const TAG_STRING = 1;
const TAG_NUMBER = 2;
const TAG_TRUE = 3;
const TAG_FALSE = 4;
const TAG_NULL = 5;
const TAG_ARRAY = 6;
const TAG_OBJECT = 7;
const TAG_BIGINT = 8;
/** Ends an object's keys: no string is 2^32 - 1 characters long. */
const END_OBJECT = -1;

const K1 = 0x9e3779b1;
const K2 = 0x85ebca77;

const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);

/** The walk's state: two lanes, and whether objects are walked in canonical form. */
let a = 0;
let b = 0;
let canonical = false;

function word(w: number): void {
  a ^= w;
  a = Math.imul((a << 13) | (a >>> 19), K1);
  b ^= w;
  b = Math.imul((b << 17) | (b >>> 15), K2);
}

function text(s: string): void {
  const n = s.length;
  word(n);
  let x = a;
  let y = b;
  let i = 0;
  // Two UTF-16 code units a word.
  for (; i + 1 < n; i += 2) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    x ^= w;
    x = Math.imul((x << 13) | (x >>> 19), K1);
    y ^= w;
    y = Math.imul((y << 17) | (y >>> 15), K2);
  }
  a = x;
  b = y;
  if (i < n) word(s.charCodeAt(i));
}

function value(v: unknown): void {
  switch (typeof v) {
    case 'string':
      word(TAG_STRING);
      text(v);
      return;
    case 'number':
      word(TAG_NUMBER);
      float[0] = v;
      word(floatWords[0]);
      word(floatWords[1]);
      return;
    case 'boolean':
      word(v ? TAG_TRUE : TAG_FALSE);
      return;
    case 'bigint':
      word(TAG_BIGINT);
      text(v.toString());
      return;
    case 'object':
      if (v === null) {
        word(TAG_NULL);
        return;
      }
      if (Array.isArray(v)) {
        word(TAG_ARRAY);
        word(v.length);
        // As JSON: what it cannot hold (undefined, a function) is null in an array.
        for (let i = 0; i < v.length; i++) element(v[i]);
        return;
      }
      // As JSON: a value with toJSON (a Date) is what toJSON gives.
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
        value((v as { toJSON: () => unknown }).toJSON());
        return;
      }
      word(TAG_OBJECT);
      if (canonical) {
        const keys = Object.keys(v).sort();
        for (let i = 0; i < keys.length; i++) {
          const item = (v as Record<string, unknown>)[keys[i]];
          if (isEmpty(item) || typeof item === 'function' || typeof item === 'symbol') continue;
          text(keys[i]);
          value(item);
        }
      } else {
        for (const key in v) {
          const item = (v as Record<string, unknown>)[key];
          // As JSON: keys holding undefined or a function are left out.
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
          text(key);
          value(item);
        }
      }
      word(END_OBJECT);
      return;
    default:
      word(TAG_NULL);
  }
}

function element(v: unknown): void {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') word(TAG_NULL);
  else value(v);
}

/** Murmur3's final mix of a lane. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Null, undefined, [] and {}: what canonical form leaves out. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    for (const _key in value as object) return false;
    return true;
  }
  return false;
}

function walk(v: unknown, seed: string, inCanonicalForm: boolean): string {
  a = 0x2545f491;
  b = 0x6c8e9cf5;
  canonical = inCanonicalForm;
  text(seed);
  value(v);
  const x = mix(a ^ Math.imul(b, K1));
  const y = mix(b ^ Math.imul(x, K2));
  return x.toString(16).padStart(8, '0') + y.toString(16).padStart(8, '0');
}

/** The hash of `record` exactly as given (keys in their order), under `seed` (a schema version, say), as 16 hex digits. */
export function recordHash(record: unknown, seed: string): string {
  return walk(record, seed, false);
}

/**
 * The hash of `value` in canonical form, as 16 hex digits: object keys sorted, and keys
 * holding an empty value (null, [], {}) left out, so objects listing their keys in another
 * order hash alike, and a field added later with an empty default changes no hash.
 */
export function canonicalHash(value: unknown, seed: string): string {
  return walk(value, seed, true);
}
