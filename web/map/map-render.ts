/**
 * Server-side SVG map of where one policy stands: states filled by status, cities (and other
 * local jurisdictions) as circle markers, every shape a keyboard-focusable link with a
 * `<title>`, and a legend. Pure: input in, SVG text out; no network, no DOM.
 */
import type { MapStatus, Strength } from '../../db/schema/enums.js';
import { escapeHtml } from '../escape-html.js';
import { MAP_COLOR_KEYS, MAP_STATUS_LABELS, mapColorKey, resolveMapColors, type MapColorKey } from './map-palette.js';
import { getStateShapes, MAP_FRAME, PR_INSET } from './state-shapes.js';

/** One state-level jurisdiction's standing, joined to the outline by FIPS. */
export interface MapStateInput {
  fips: string;
  id: string; // OCD id
  name: string;
  status: MapStatus;
  strength?: Strength | null;
  href: string;
}

/** One city (or county, school district) marker. */
export interface MapCityInput {
  id: string;
  name: string;
  lat: number;
  lon: number;
  status: MapStatus;
  strength?: Strength | null;
  href: string;
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
}

const LEGEND_BAND = 36;
const VIEW_HEIGHT = MAP_FRAME.height + LEGEND_BAND;
const CITY_RADIUS = 4.5;
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
  const fillFor = (key: MapColorKey): string => (key === 'overturned' ? `url(#${hatchId})` : colors[key]);

  const width = validWidth(input.width);
  const height = Math.round((width * VIEW_HEIGHT) / MAP_FRAME.width);
  const title = input.title ?? `Where the ${input.policyId} policy stands, by state`;

  const byFips = new Map<string, MapStateInput>();
  for (const state of input.states) byFips.set(state.fips, state);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_FRAME.width} ${VIEW_HEIGHT}" width="${width}" height="${height}"`,
    ` class="us-map" data-policy="${escapeHtml(input.policyId)}" aria-labelledby="${uid}-title">`,
    `<title id="${uid}-title">${escapeHtml(title)}</title>`,
    // Overturned is hatched as well as coloured, so it reads without telling hues apart.
    `<defs><pattern id="${hatchId}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
    `<rect width="5" height="5" fill="${colors.overturned}"/><path d="M0 0v5" stroke="#fff" stroke-width="1.6"/></pattern></defs>`,
    `<rect class="pr-inset" x="${PR_INSET.x0}" y="${PR_INSET.y0}" width="${PR_INSET.x1 - PR_INSET.x0}" height="${PR_INSET.y1 - PR_INSET.y0}" fill="none" stroke="#999" stroke-width=".5"/>`,
    `<text x="${PR_INSET.x0}" y="${PR_INSET.y0 - 3}" font-family="system-ui,sans-serif" font-size="9" fill="#555" aria-hidden="true">Puerto Rico</text>`,
  );

  // Alphabetical order, so Tab walks the states the way a reader expects.
  const ordered = shapes.states
    .map((shape) => ({ shape, data: byFips.get(shape.fips) }))
    .sort((a, b) => (a.data?.name ?? a.shape.name).localeCompare(b.data?.name ?? b.shape.name));

  out.push('<g class="states" stroke="#fff" stroke-width=".5" stroke-linejoin="round">');
  for (const { shape, data } of ordered) {
    const status = data?.status ?? 'none';
    const key = mapColorKey(status, data?.strength);
    const name = data?.name ?? shape.name;
    const label = `${name}: ${data ? MAP_STATUS_LABELS[key] : 'no data'}`;
    const path =
      `<path d="${shape.d}" data-fips="${escapeHtml(shape.fips)}" data-status="${escapeHtml(status)}"` +
      ` class="state status-${key}" fill="${fillFor(key)}"/>`;
    // DC is a few units wide: a callout circle inside the same link gives it a usable target.
    const callout =
      shape.fips === DC_FIPS
        ? `<circle class="dc-callout status-${key}" cx="${DC_CALLOUT.x}" cy="${DC_CALLOUT.y}" r="${DC_CALLOUT.r}" fill="${fillFor(key)}" stroke="#555"/>`
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

  out.push(`<g class="cities" stroke="#222" stroke-width=".8">`);
  for (const city of input.cities) {
    const point = Number.isFinite(city.lon) && Number.isFinite(city.lat) ? shapes.project(city.lon, city.lat) : null;
    if (!point) continue;
    const key = mapColorKey(city.status, city.strength);
    out.push(
      `<a href="${escapeHtml(safeHref(city.href))}" tabindex="0"><title>${escapeHtml(`${city.name}: ${MAP_STATUS_LABELS[key]}`)}</title>`,
      `<circle cx="${round1(point[0])}" cy="${round1(point[1])}" r="${CITY_RADIUS}" data-id="${escapeHtml(city.id)}"`,
      ` data-status="${escapeHtml(city.status)}" class="city status-${key}" fill="${fillFor(key)}"/></a>`,
    );
  }
  out.push('</g>');

  out.push(renderLegend(fillFor));
  out.push('</svg>');
  return out.join('');
}

/** The legend band under the frame: one swatch per colour key, then the city marker. */
function renderLegend(fillFor: (key: MapColorKey) => string): string {
  const y = MAP_FRAME.height + 12;
  const parts: string[] = [
    `<g class="legend" font-family="system-ui,sans-serif" font-size="12" fill="#222" stroke="none">`,
  ];
  let x = 16;
  for (const key of MAP_COLOR_KEYS) {
    const label = capitalize(MAP_STATUS_LABELS[key]);
    parts.push(
      `<rect x="${x}" y="${y}" width="14" height="14" class="status-${key}" fill="${fillFor(key)}" stroke="#999" stroke-width=".5"/>`,
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
