/**
 * Server-side SVG map of where one policy stands: states filled by status, cities (and other
 * local jurisdictions) as circle markers, every shape a keyboard-focusable link with a
 * `<title>`, and a legend. Pure: input in, SVG text out; no network, no DOM.
 */
import type { MapStatus, Strength } from '../../core/vocabulary.js';
import { escapeHtml } from '../escape-html.js';
import { MAP_COLOR_KEYS, MAP_STATUS_LABELS, mapColorKey, resolveMapColors, type MapColorKey } from './map-palette.js';
import { getStateShapes, MAP_FRAME, PR_INSET } from './state-shapes.js';
import { MARKER_RADIUS, spreadMarkers } from './marker-layout.js';

/** One state-level jurisdiction's standing, joined to the outline by FIPS. */
export interface MapStateInput {
  fips: string;
  id: string; // OCD id
  name: string;
  status: MapStatus;
  strength?: Strength | null;
  /** False when no source has read it: its `none` shows as not tracked, not as nothing found. Default true. */
  tracked?: boolean;
  href: string;
  /** With `MapInput.legend`: the legend key that colours this shape instead of its status. */
  legendKey?: string;
}

/** One city (or county, school district) marker. */
export interface MapCityInput {
  id: string;
  name: string;
  /** municipality, county, school_district: cities keep their true spot when markers crowd. */
  classification?: string;
  lat: number;
  lon: number;
  status: MapStatus;
  strength?: Strength | null;
  /** False when no source has read it (see MapStateInput.tracked). Default true. */
  tracked?: boolean;
  href: string;
  /** With `MapInput.legend`: the legend key that colours this marker instead of its status. */
  legendKey?: string;
}

/** Another way to colour the map (adoption buckets): keys with their words and colours, in legend order. */
export interface MapLegendEntry {
  key: string;
  label: string;
  color: string;
}

export interface MapInput {
  policyId: string;
  /** Rendered width in CSS pixels; the height follows the frame's aspect. Default 975. */
  width?: number;
  /** Accessible title of the whole map; defaults to one naming the policy id. */
  title?: string;
  states: MapStateInput[];
  cities: MapCityInput[];
  /** Colours by key (`enacted-full`, ..., see MAP_COLOR_KEYS); missing or unsafe ones use the defaults. */
  colors: Record<string, string>;
  /** When given, shapes are coloured by their `legendKey` (missing: the first entry) and the legend lists these entries. */
  legend?: MapLegendEntry[];
}

const LEGEND_BAND = 36;
const VIEW_HEIGHT = MAP_FRAME.height + LEGEND_BAND;
const CITY_RADIUS = MARKER_RADIUS;
const DC_FIPS = '11';
/** Where DC's callout circle sits: in the Atlantic east of Delaware, where a finger can reach it. */
const DC_CALLOUT = { x: 902, y: 300, r: 6 } as const;

/**
 * Renders the map as an SVG string (no XML declaration, ready to inline in HTML or serve
 * as image/svg+xml). All 52 outlines are always drawn; a state missing from `input.states`
 * shows as `none` without a link. Cities whose coordinates fall off the map (outside the
 * 50 states, DC and PR) are left out. Every text and attribute value is escaped.
 */
export function renderMap(input: MapInput): string {
  const shapes = getStateShapes();
  const colors = resolveMapColors(input.colors);
  const uid = `map-${slug(input.policyId)}`;
  const hatchId = `${uid}-overturned`;
  const dotsId = `${uid}-not-tracked`;
  const fillFor = (key: MapColorKey): string => (key === 'overturned' ? `url(#${hatchId})` : key === 'not-tracked' ? `url(#${dotsId})` : colors[key]);

  const width = validWidth(input.width);
  const height = Math.round((width * VIEW_HEIGHT) / MAP_FRAME.width);
  const title = input.title ?? `Where the ${input.policyId} policy stands, by state`;

  const legend = input.legend?.length ? input.legend.map((l) => ({ ...l, key: slug(l.key), color: safeColor(l.color) })) : null;
  // The status key, or with a custom legend its entry: [css class, fill, words for the title].
  const paint = (item: { status: MapStatus; strength?: Strength | null; tracked?: boolean; legendKey?: string } | undefined): [string, string, string] => {
    if (legend) {
      const entry = legend.find((l) => l.key === slug(item?.legendKey ?? '')) ?? legend[0];
      return [`legend-${entry.key}`, entry.color, entry.label];
    }
    // A state missing from the input is one we know nothing about: not tracked.
    const key = mapColorKey(item?.status ?? 'none', item?.strength, item ? item.tracked !== false : false);
    return [`status-${key}`, fillFor(key), MAP_STATUS_LABELS[key]];
  };

  const byFips = new Map<string, MapStateInput>();
  for (const state of input.states) byFips.set(state.fips, state);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_FRAME.width} ${VIEW_HEIGHT}" width="${width}" height="${height}"`,
    ` class="us-map" data-policy="${escapeHtml(input.policyId)}" aria-labelledby="${uid}-title">`,
    `<title id="${uid}-title">${escapeHtml(title)}</title>`,
    // Overturned is hatched as well as coloured, so it reads without telling hues apart.
    `<defs><pattern id="${hatchId}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
    `<rect width="5" height="5" fill="${colors.overturned}"/><path d="M0 0v5" stroke="#fff" stroke-width="1.6"/></pattern>`,
    // Not tracked is dotted on white, so it never passes for a pale colour of a finding.
    `<pattern id="${dotsId}" width="6" height="6" patternUnits="userSpaceOnUse">`,
    `<rect width="6" height="6" fill="${colors['not-tracked']}"/><circle cx="3" cy="3" r="1" fill="#9a9a9a"/></pattern></defs>`,
    `<rect class="pr-inset" x="${PR_INSET.x0}" y="${PR_INSET.y0}" width="${PR_INSET.x1 - PR_INSET.x0}" height="${PR_INSET.y1 - PR_INSET.y0}" fill="none" stroke="#999" stroke-width=".5"/>`,
    `<text x="${PR_INSET.x0}" y="${PR_INSET.y0 - 3}" font-family="system-ui,sans-serif" font-size="9" fill="#555" aria-hidden="true">Puerto Rico</text>`,
  );

  // Alphabetical order, so Tab walks the states the way a reader expects.
  const ordered = shapes.states
    .map((shape) => ({ shape, data: byFips.get(shape.fips) }))
    .sort((a, b) => (a.data?.name ?? a.shape.name).localeCompare(b.data?.name ?? b.shape.name));

  out.push('<g class="states" stroke="#fff" stroke-width=".5" stroke-linejoin="round">');
  for (const { shape, data } of ordered) {
    const [cls, fill, words] = paint(data);
    const status = cls === 'status-not-tracked' ? 'not-tracked' : (data?.status ?? 'none');
    const name = data?.name ?? shape.name;
    const label = `${name}: ${words}`;
    const path =
      `<path d="${shape.d}" data-fips="${escapeHtml(shape.fips)}" data-status="${escapeHtml(status)}"` +
      ` class="state ${cls}" fill="${fill}"/>`;
    // DC is a few units wide: a callout circle inside the same link gives it a usable target.
    const callout =
      shape.fips === DC_FIPS
        ? `<circle class="dc-callout ${cls}" cx="${DC_CALLOUT.x}" cy="${DC_CALLOUT.y}" r="${DC_CALLOUT.r}" fill="${fill}" stroke="#555"/>`
        : '';
    const inner = `<title>${escapeHtml(label)}</title>${path}${callout}`;
    out.push(data ? `<a href="${escapeHtml(safeHref(data.href))}" tabindex="0">${inner}</a>` : `<g>${inner}</g>`);
  }
  out.push('</g>');

  const dc = shapes.states.find((s) => s.fips === DC_FIPS);
  if (dc) {
    out.push(
      `<g class="dc-label" aria-hidden="true"><path d="M${round1(dc.centroid[0])} ${round1(dc.centroid[1])}L${DC_CALLOUT.x - DC_CALLOUT.r} ${DC_CALLOUT.y}" stroke="#555" stroke-width=".5" fill="none"/>`,
      `<text x="${DC_CALLOUT.x + DC_CALLOUT.r + 3}" y="${DC_CALLOUT.y + 4}" font-family="system-ui,sans-serif" font-size="11" fill="#333">DC</text></g>`,
    );
  }

  // Markers at (nearly) the same spot are spread apart, each with a leader line to its true place.
  const placed = spreadMarkers(
    input.cities.flatMap((city) => {
      const point = Number.isFinite(city.lon) && Number.isFinite(city.lat) ? shapes.project(city.lon, city.lat) : null;
      return point ? [{ city, x: point[0], y: point[1] }] : [];
    }),
    CITY_RADIUS,
  );
  const leaders = placed.filter((m) => m.moved);
  if (leaders.length) {
    out.push(`<g class="leaders" stroke="#555" stroke-width=".6" aria-hidden="true">`);
    for (const m of leaders) out.push(`<path d="M${round1(m.fromX)} ${round1(m.fromY)}L${round1(m.x)} ${round1(m.y)}"/><circle cx="${round1(m.fromX)}" cy="${round1(m.fromY)}" r="1.2" fill="#555"/>`);
    out.push('</g>');
  }
  out.push(`<g class="cities" stroke="#222" stroke-width=".8">`);
  for (const { city, x, y } of placed) {
    const [cls, fill, words] = paint(city);
    out.push(
      `<a href="${escapeHtml(safeHref(city.href))}" tabindex="0"><title>${escapeHtml(`${city.name}: ${words}`)}</title>`,
      `<circle cx="${round1(x)}" cy="${round1(y)}" r="${CITY_RADIUS}" data-id="${escapeHtml(city.id)}"`,
      ` data-status="${escapeHtml(cls === 'status-not-tracked' ? 'not-tracked' : city.status)}" class="city ${cls}" fill="${fill}"/></a>`,
    );
  }
  out.push('</g>');

  out.push(renderLegend(legend ?? MAP_COLOR_KEYS.map((key) => ({ key: `status-${key}`, label: MAP_STATUS_LABELS[key], color: fillFor(key) }))));
  out.push('</svg>');
  return out.join('');
}

/** The legend band under the frame: one swatch per colour key (or custom entry), then the city marker. */
function renderLegend(entries: { key: string; label: string; color: string }[]): string {
  const y = MAP_FRAME.height + 12;
  const parts: string[] = [
    `<g class="legend" font-family="system-ui,sans-serif" font-size="12" fill="#222" stroke="none">`,
  ];
  let x = 16;
  for (const entry of entries) {
    const label = capitalize(entry.label);
    const cls = entry.key.startsWith('status-') ? entry.key : `legend-${entry.key}`;
    parts.push(
      `<rect x="${x}" y="${y}" width="14" height="14" class="${escapeHtml(cls)}" fill="${entry.color}" stroke="#999" stroke-width=".5"/>`,
      `<text x="${x + 19}" y="${y + 11}">${escapeHtml(label)}</text>`,
    );
    x += 19 + Math.ceil(label.length * 6.6) + 18;
  }
  parts.push(
    `<circle cx="${x + 7}" cy="${y + 7}" r="${CITY_RADIUS}" fill="#fff" stroke="#222" stroke-width=".8"/>`,
    `<text x="${x + 19}" y="${y + 11}">City or district</text></g>`,
  );
  return parts.join('');
}

// Links come from our own routes, but a stray `javascript:` URL must never reach an href.
function safeHref(href: string): string {
  const trimmed = href.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  if (scheme && !/^https?$/i.test(scheme[1] ?? '')) return '#';
  return trimmed;
}

// Legend colours land in attributes: only plain colour syntax, else a neutral grey.
function safeColor(color: string): string {
  const c = color.trim();
  return /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(c) ? c : '#e5e5e5';
}

function validWidth(width: number | undefined): number {
  if (width === undefined || !Number.isFinite(width) || width <= 0) return MAP_FRAME.width;
  return Math.round(Math.min(Math.max(width, 160), 4000));
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'policy';
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
