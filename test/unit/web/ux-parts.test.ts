/**
 * The pure pieces behind issue 21's pages: jurisdiction references, short URLs, the
 * introduced date, adoption words, the redline, marker spreading, the map PNG and the
 * CLI's progress line.
 */
import { inflateSync } from 'node:zlib';
import { parseJurisdictionRefs, jurisdictionRefsSchema } from '../../../core/jurisdictions/jurisdiction-refs.js';
import { billPublicPath, jurisdictionIdsOfRefs, jurisdictionPublicPath } from '../../../core/jurisdictions/public-paths.js';
import { introducedDate } from '../../../core/bill/introduced-date.js';
import { adoptionCounts, adoptionSummaryLine, adoptionWords, levelWords } from '../../../core/adoption/adoption-summary.js';
import { diffWords } from '../../../core/texts/word-diff.js';
import { spreadMarkers, MARKER_RADIUS } from '../../../web/map/marker-layout.js';
import { pathRings, renderMapPng } from '../../../web/map/map-png.js';
import { getStateShapes } from '../../../web/map/state-shapes.js';
import { formatDuration, progressLine } from '../../../cli/progress.js';

describe('jurisdiction references: one parser for the API, the pages and the watches', () => {
  test('state codes and OCD ids, comma-separated or repeated, normalized and deduplicated', () => {
    expect(parseJurisdictionRefs('va,MD')).toEqual({ refs: ['va', 'md'], problems: [] });
    expect(parseJurisdictionRefs(['va', 'ocd-jurisdiction/country:us/state:ky/place:louisville/government', 'VA'])).toEqual({
      refs: ['va', 'ocd-jurisdiction/country:us/state:ky/place:louisville/government'], problems: [],
    });
    expect(parseJurisdictionRefs('va,virginia').problems).toEqual(['"virginia" is not a two-letter state code (va) or an OCD id (ocd-jurisdiction/...)']);
    expect(jurisdictionRefsSchema.safeParse('va,virginia').success).toBe(false);
    expect(jurisdictionRefsSchema.parse(['ky', 'va'])).toEqual(['ky', 'va']);
    expect(jurisdictionIdsOfRefs(['va', 'ocd-jurisdiction/country:us/state:va/government'])).toEqual(['ocd-jurisdiction/country:us/state:va/government']);
  });

  test('short paths for states, places and bills', () => {
    expect(jurisdictionPublicPath('ocd-jurisdiction/country:us/state:co/school_district:denver_public_schools/government')).toBe('/co/denver_public_schools');
    expect(billPublicPath({ jurisdictionId: 'ocd-jurisdiction/country:us/state:va/government', session: '2025', identifier: 'HB 1233' })).toBe('/bills/va/2025/HB1233');
    expect(billPublicPath({ jurisdictionId: 'ocd-jurisdiction/country:ca/government', session: '2025', identifier: 'C-1' })).toBeNull();
  });
});

describe('the introduced date: the first action or the first version, whichever is earlier, and which', () => {
  test('a version filed before the first recorded action wins, and says so', () => {
    expect(introducedDate({ actions: [{ date: '2025-01-08' }, { date: null }], versions: [{ date: '2024-12-20' }] })).toEqual({ date: '2024-12-20', basis: 'first version' });
    expect(introducedDate({ actions: [{ date: '2020-08-18' }], versions: [{ date: '2020-08-18T00:00:00Z' }] })).toEqual({ date: '2020-08-18', basis: 'first action' });
    // The source's own field (an export date, say) is used only when nothing is dated.
    expect(introducedDate({ actions: [{ date: '2025-01-08' }], versions: [], introduced_on: '2025-03-01' })).toEqual({ date: '2025-01-08', basis: 'first action' });
    expect(introducedDate({ actions: [], versions: [], introduced_on: '2025-03-01' })).toEqual({ date: '2025-03-01', basis: 'source' });
    expect(introducedDate({ actions: [], versions: [] })).toBeNull();
  });
});

describe('adoption words never contradict the score', () => {
  const p = (outcome: string, required = false, kind = 'ban') => ({ outcome, required, kind });
  test('"Adopted in full" only when every provision is; required ones alone say so in words', () => {
    const some = adoptionCounts([p('adopted', true), p('adopted', true), p('absent'), p('weaker'), p('adopted', false, 'threat')]);
    expect(adoptionSummaryLine(some)).toBe('2 of 4 provisions (1 more weaker); 2 of 2 required');
    expect(adoptionWords(0.6, some)).toEqual({ key: 'required', words: 'Every required provision adopted' });
    expect(adoptionWords(1, adoptionCounts([p('adopted', true), p('adopted')])).words).toBe('Adopted in full');
    expect(adoptionWords(0, adoptionCounts([p('absent', true)])).words).toBe('Not adopted');
    expect(levelWords('adopted', 0.6)).toBe('Every required provision adopted');
    expect(levelWords('adopted', 1)).toBe('Adopted in full');
  });
});

describe('the redline of a changed passage', () => {
  test('struck and inserted words, the rest kept; joining gives back each passage', () => {
    const before = 'the officer shall wait at least 10 seconds before entry';
    const after = 'the officer shall wait at least 15 seconds and announce before entry';
    const pieces = diffWords(before, after);
    expect(pieces).toEqual([
      { op: 'same', text: 'the officer shall wait at least ' },
      { op: 'del', text: '10 ' },
      { op: 'ins', text: '15 ' },
      { op: 'same', text: 'seconds ' },
      { op: 'ins', text: 'and announce ' },
      { op: 'same', text: 'before entry' },
    ]);
    expect(pieces.filter((x) => x.op !== 'ins').map((x) => x.text).join('')).toBe(before);
    expect(pieces.filter((x) => x.op !== 'del').map((x) => x.text).join('')).toBe(after);
  });
});

describe('map markers never hide each other', () => {
  test('Denver and Denver Public Schools, 2.7 map units apart, are drawn apart; the city keeps its spot', () => {
    const shapes = getStateShapes();
    const at = (lon: number, lat: number) => shapes.project(lon, lat)!;
    const [dx, dy] = at(-104.99, 39.74);
    const [sx, sy] = at(-104.95, 39.74);
    const placed = spreadMarkers([
      { city: { id: 'dps', name: 'Denver Public Schools', classification: 'school_district' }, x: sx, y: sy },
      { city: { id: 'denver', name: 'Denver', classification: 'municipality' }, x: dx, y: dy },
    ]);
    const denver = placed.find((m) => m.city.id === 'denver')!;
    const schools = placed.find((m) => m.city.id === 'dps')!;
    expect([denver.x, denver.y, denver.moved]).toEqual([dx, dy, false]);
    expect(schools.moved).toBe(true);
    expect(Math.hypot(schools.x - denver.x, schools.y - denver.y)).toBeGreaterThanOrEqual(2 * MARKER_RADIUS);
  });
});

describe('the map as a PNG for link previews', () => {
  test('path rings parse the compact SVG paths; the picture is a 1200 × 630 RGB PNG in the policy colours', () => {
    expect(pathRings('M10 20l5 0 0-5-5 5zM1 1l1 0')).toEqual([[[10, 20], [15, 20], [15, 15], [10, 20]], [[1, 1], [2, 1]]]);
    const png = renderMapPng({
      policyId: 'no-knock', colors: { 'enacted-full': '#ff0000' },
      states: [{ fips: '48', id: 'tx', name: 'Texas', status: 'enacted', strength: 'full', href: '/tx' }], cities: [],
    });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([1200, 630, 8, 2]);
    // Decode the pixels: the middle of Texas is the policy's red, the Pacific white.
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const pixel = (x: number, y: number) => [...raw.subarray(y * (1200 * 3 + 1) + 1 + x * 3, y * (1200 * 3 + 1) + 1 + x * 3 + 3)];
    const shapes = getStateShapes();
    const [tx, ty] = shapes.project(-99.5, 31.5)!;
    const scale = Math.min(1200 / 975, 630 / 610) * 0.96;
    const px = Math.round((1200 - 975 * scale) / 2 + tx * scale);
    const py = Math.round((630 - 610 * scale) / 2 + ty * scale);
    expect(pixel(px, py)).toEqual([255, 0, 0]);
    expect(pixel(5, 5)).toEqual([255, 255, 255]);
  });
});

describe('CLI progress', () => {
  test('count against the total, share done, and an ETA from the rate so far', () => {
    expect(progressLine(1200, 3512, 0, 60_000)).toBe('1,200/3,512 (34%), ETA 1:56');
    expect(progressLine(0, 3512, 0, 1000)).toBe('0/3,512 (0%)');
    expect(progressLine(3512, 3512, 0, 1000)).toBe('3,512/3,512 (100%)');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
