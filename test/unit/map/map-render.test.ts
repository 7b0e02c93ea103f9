import { loadStates } from '../../../db/seed/seed-data.js';
import type { MapStatus } from '../../../core/vocabulary.js';
import { DEFAULT_MAP_COLORS, resolveMapColors } from '../../../web/map/map-palette.js';
import { renderMap, type MapCityInput, type MapInput, type MapStateInput } from '../../../web/map/map-render.js';
import { stateShapeBuilds } from '../../../web/map/state-shapes.js';

const seedStates = loadStates();

function stateInputs(overrides: Record<string, Partial<MapStateInput>> = {}): MapStateInput[] {
  return seedStates.map((s) => ({
    fips: s.fips,
    id: s.id,
    name: s.name,
    status: 'none' as MapStatus,
    strength: null,
    href: `/jurisdictions/${encodeURIComponent(s.id)}`,
    ...overrides[s.stateCode],
  }));
}

const cities: MapCityInput[] = [
  { id: 'ocd-jurisdiction/country:us/state:ky/place:louisville/government', name: 'Louisville', lat: 38.25, lon: -85.76, status: 'enacted', strength: 'full', href: '/j/louisville' },
  { id: 'ocd-jurisdiction/country:us/state:co/place:denver/government', name: 'Denver', lat: 39.74, lon: -104.99, status: 'enacted', strength: 'partial', href: '/j/denver' },
  { id: 'ocd-jurisdiction/country:us/state:ky/place:lexington/government', name: 'Lexington', lat: 38.04, lon: -84.46, status: 'overturned', strength: null, href: '/j/lexington' },
  { id: 'ocd-jurisdiction/country:us/territory:pr/place:san_juan/government', name: 'San Juan', lat: 18.47, lon: -66.11, status: 'pending', strength: null, href: '/j/san-juan' },
];

function input(extra: Partial<MapInput> = {}): MapInput {
  return { policyId: 'no-knock', states: stateInputs(), cities, colors: {}, ...extra };
}

/** The `<a>...</a>` (or unlinked `<g>`) element holding one state's path. */
function stateElement(svg: string, fips: string): string {
  const match = new RegExp(`<(a|g)\\b[^>]*>(?:(?!</\\1>).)*data-fips="${fips}"(?:(?!</\\1>).)*</\\1>`).exec(svg);
  if (!match) throw new Error(`no element for FIPS ${fips}`);
  return match[0];
}

function circleOf(svg: string, id: string): { cx: number; cy: number; tag: string } {
  const tag = new RegExp(`<circle [^>]*data-id="${id.replace(/[/]/g, '\\/')}"[^>]*>`).exec(svg)?.[0];
  if (!tag) throw new Error(`no circle for ${id}`);
  return { cx: Number(/cx="([-\d.]+)"/.exec(tag)?.[1]), cy: Number(/cy="([-\d.]+)"/.exec(tag)?.[1]), tag };
}

describe('renderMap', () => {
  const svg = renderMap(input({
    states: stateInputs({
      KY: { status: 'enacted', strength: 'full' },
      VA: { status: 'enacted', strength: 'partial' },
      TX: { status: 'pending' },
      FL: { status: 'failed' },
      CO: { status: 'overturned' },
      PR: { status: 'enacted', strength: 'full' },
    }),
  }));

  it('is one SVG element with a viewBox and an accessible title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 975 646"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/aria-labelledby="map-no-knock-title"><title id="map-no-knock-title">[^<]+<\/title>/);
  });

  it('draws the 52 state paths, DC and the Puerto Rico inset included', () => {
    const fips = [...svg.matchAll(/<path d="[^"]+" data-fips="(\d{2})"/g)].map((m) => m[1]);
    expect(fips).toHaveLength(52);
    expect(new Set(fips)).toEqual(new Set(seedStates.map((s) => s.fips)));
    expect(svg).toContain('class="pr-inset"');
    for (const code of ['11', '72', '02', '15']) expect(stateElement(svg, code)).toMatch(/ d="M[-\d.]+/);
  });

  it('makes every state a focusable link with a title naming its status', () => {
    const links = svg.match(/<a href="[^"]*" tabindex="0"><title>[^<]+<\/title><path /g) ?? [];
    expect(links).toHaveLength(52);
    expect(stateElement(svg, '21')).toContain('<title>Kentucky: enacted (full)</title>');
    expect(stateElement(svg, '11')).toContain('<title>District of Columbia: nothing found</title>');
    // DC also gets a callout circle inside the same link, big enough to tap.
    expect(stateElement(svg, '11')).toMatch(/<circle class="dc-callout status-none"/);
  });

  it('shows a place no source has read as not tracked (dotted white), never as "none"', () => {
    const untracked = renderMap(input({ states: stateInputs({ VT: { tracked: false }, TX: { status: 'pending', tracked: false } }) }));
    const vermont = stateElement(untracked, '50');
    expect(vermont).toContain('<title>Vermont: not tracked</title>');
    expect(vermont).toContain('data-status="not-tracked"');
    expect(vermont).toContain('fill="url(#map-no-knock-not-tracked)"');
    // A finding (a curated law, a pending bill) shows whatever the coverage.
    expect(stateElement(untracked, '48')).toContain('<title>Texas: pending</title>');
    expect(untracked).toMatch(/<pattern id="map-no-knock-not-tracked"[^>]*><rect [^>]*fill="#ffffff"\/><circle /);
    // A state missing from the input is one we know nothing about.
    const missing = renderMap(input({ states: stateInputs().filter((s) => s.name !== 'Ohio') }));
    expect(stateElement(missing, '39')).toContain('<title>Ohio: not tracked</title>');
    expect(untracked).not.toMatch(/: none<\/title>/);
  });

  it('colours each state by its status and strength', () => {
    const expectations: [string, string, string, string][] = [
      ['21', 'enacted', 'status-enacted-full', DEFAULT_MAP_COLORS['enacted-full']],
      ['51', 'enacted', 'status-enacted-partial', DEFAULT_MAP_COLORS['enacted-partial']],
      ['48', 'pending', 'status-pending', DEFAULT_MAP_COLORS.pending],
      ['12', 'failed', 'status-failed', DEFAULT_MAP_COLORS.failed],
      ['06', 'none', 'status-none', DEFAULT_MAP_COLORS.none],
      ['72', 'enacted', 'status-enacted-full', DEFAULT_MAP_COLORS['enacted-full']],
    ];
    for (const [fips, status, cls, fill] of expectations) {
      const element = stateElement(svg, fips);
      expect(element).toContain(`data-status="${status}"`);
      expect(element).toContain(`class="state ${cls}"`);
      expect(element).toContain(`fill="${fill}"`);
    }
    // Overturned is hatched, not just a hue.
    expect(stateElement(svg, '08')).toContain('fill="url(#map-no-knock-overturned)"');
    expect(svg).toMatch(/<pattern id="map-no-knock-overturned"[^>]*><rect [^>]*fill="#d55e00"\/><path [^>]*stroke="#fff"/);
  });

  it('uses the policy colours given, and ignores unsafe ones', () => {
    const custom = renderMap(input({
      states: stateInputs({ KY: { status: 'enacted', strength: 'full' }, TX: { status: 'pending' } }),
      colors: { 'enacted-full': '#123456', pending: 'red"/><script>alert(1)</script>' },
    }));
    expect(stateElement(custom, '21')).toContain('fill="#123456"');
    expect(stateElement(custom, '48')).toContain(`fill="${DEFAULT_MAP_COLORS.pending}"`);
    expect(custom).not.toContain('<script');
    expect(resolveMapColors({ none: 'rgb(1, 2, 3)', bogus: '#fff' }).none).toBe('rgb(1, 2, 3)');
  });

  it('places city markers inside the viewBox at plausible positions', () => {
    const louisville = circleOf(svg, cities[0]?.id ?? '');
    const denver = circleOf(svg, cities[1]?.id ?? '');
    const lexington = circleOf(svg, cities[2]?.id ?? '');
    const sanJuan = circleOf(svg, cities[3]?.id ?? '');
    for (const c of [louisville, denver, lexington, sanJuan]) {
      expect(c.cx).toBeGreaterThan(0);
      expect(c.cx).toBeLessThan(975);
      expect(c.cy).toBeGreaterThan(0);
      expect(c.cy).toBeLessThan(610);
    }
    expect(louisville.cx).toBeGreaterThan(denver.cx + 200); // Louisville is east of Denver
    expect(Math.abs(louisville.cy - denver.cy)).toBeLessThan(40); // at about the same latitude
    expect(lexington.cx).toBeGreaterThan(louisville.cx); // Lexington is east of Louisville
    expect(sanJuan.cx).toBeGreaterThan(862); // in the PR inset, lower right
    expect(sanJuan.cy).toBeGreaterThan(560);
    expect(louisville.tag).toContain('class="city status-enacted-full"');
    expect(lexington.tag).toContain('fill="url(#map-no-knock-overturned)"');
    expect(svg).toMatch(/<a href="\/j\/louisville" tabindex="0"><title>Louisville: enacted \(full\)<\/title><circle /);
  });

  it('leaves out cities that fall off the map', () => {
    const guam: MapCityInput = { id: 'guam', name: 'Hagåtña', lat: 13.47, lon: 144.75, status: 'none', strength: null, href: '/j/guam' };
    const out = renderMap(input({ cities: [guam] }));
    expect(out).not.toContain('data-id="guam"');
  });

  it('escapes every name, id and link', () => {
    const hostile = renderMap(input({
      policyId: 'no-knock"><script>x</script>',
      states: stateInputs({ KY: { name: '<script>alert("ky")</script>', href: '/j?a=1&b="2"' }, TX: { href: 'javascript:alert(1)' } }),
      cities: [{ ...cities[0] as MapCityInput, name: "O'Brien <img src=x onerror=alert(1)>", id: '"><script>' }],
    }));
    expect(hostile).not.toMatch(/<script|<img/i);
    expect(hostile).toContain('<title>&lt;script&gt;alert(&quot;ky&quot;)&lt;/script&gt;: nothing found</title>');
    expect(hostile).toContain('href="/j?a=1&amp;b=&quot;2&quot;"');
    expect(stateElement(hostile, '48')).toContain('href="#"');
    expect(hostile).toContain('O&#39;Brien &lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('id="map-no-knock-script-x-script-title"');
  });

  it('draws a legend with every status, overturned hatched', () => {
    for (const label of ['Enacted (full)', 'Enacted (partial)', 'Pending', 'Failed', 'Overturned', 'Nothing found', 'Not tracked', 'City or district']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    expect(svg).toMatch(/<rect [^>]*class="status-overturned" fill="url\(#map-no-knock-overturned\)"/);
  });

  it('scales with width without re-projecting, and renders fast from the cache', () => {
    const small = renderMap(input({ width: 390 }));
    expect(small).toContain('width="390" height="258"');
    expect(small.length).toBeLessThan(svg.length + 100);
    // The work done, not the time taken: 20 more renders project the outlines no more times.
    const builds = stateShapeBuilds();
    expect(builds).toBe(1);
    const first = renderMap(input());
    let same = 0;
    for (let i = 0; i < 20; i += 1) if (renderMap(input()) === first) same += 1;
    expect(same).toBe(20);
    expect(stateShapeBuilds()).toBe(builds);
  });

  it('stays small (coordinates in tenths, relative segments)', () => {
    const bytes = Buffer.byteLength(svg, 'utf8');
    // Reported so size regressions show in the test log.
    process.stdout.write(`map SVG: ${bytes} bytes for 52 states and ${cities.length} cities\n`);
    expect(bytes).toBeLessThan(120_000);
    expect(svg).not.toMatch(/\d\.\d{2}/); // nothing finer than one decimal
  });
});
