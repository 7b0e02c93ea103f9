/**
 * Map colours and legend labels. A jurisdiction's colour key joins its status and, for
 * enacted laws, its strength: `enacted-full`, `enacted-partial`, `pending`, `failed`, `none`
 * (tracked, nothing found), `overturned`, and `not-tracked` (no source has read it: no finding
 * at all, never shown as "none"). The same key is the CSS class suffix (`status-enacted-full`) and the key of
 * the `colors` object a policy may carry (policies.colors).
 */
import type { MapStatus, Strength } from '../../core/vocabulary.js';

export const MAP_COLOR_KEYS = ['enacted-full', 'enacted-partial', 'pending', 'failed', 'overturned', 'none', 'not-tracked'] as const;
export type MapColorKey = (typeof MAP_COLOR_KEYS)[number];

/**
 * Default palette, from Okabe & Ito's colour-blind-safe set: enacted in two blues (partial
 * lighter), pending orange, failed reddish purple, none light grey. Overturned is vermillion
 * and also hatched (see the renderer), so it never depends on hue alone.
 */
export const DEFAULT_MAP_COLORS: Readonly<Record<MapColorKey, string>> = {
  'enacted-full': '#0072b2',
  'enacted-partial': '#56b4e9',
  pending: '#e69f00',
  failed: '#cc79a7',
  overturned: '#d55e00',
  none: '#e5e5e5',
  // White, dotted by the renderer: an absence of data, not a finding.
  'not-tracked': '#ffffff',
};

/** Words for each key, used in legends and in each shape's `<title>`. */
export const MAP_STATUS_LABELS: Readonly<Record<MapColorKey, string>> = {
  'enacted-full': 'enacted (full)',
  'enacted-partial': 'enacted (partial)',
  pending: 'pending',
  failed: 'failed',
  overturned: 'overturned',
  none: 'nothing found',
  'not-tracked': 'not tracked',
};

/**
 * The colour key for a status and strength. Enacted without a strength counts as partial,
 * the machine default in POLICIES.md; strength is ignored for other statuses. `none` is
 * "nothing found" only where a source has read the jurisdiction (`tracked`); elsewhere, and
 * for an unknown status (a bad row), it is `not-tracked` rather than a finding.
 */
export function mapColorKey(status: MapStatus | string, strength?: Strength | string | null, tracked = true): MapColorKey {
  switch (status) {
    case 'enacted':
      return strength === 'full' ? 'enacted-full' : 'enacted-partial';
    case 'pending':
    case 'failed':
    case 'overturned':
      return status;
    case 'none':
      return tracked ? 'none' : 'not-tracked';
    default:
      return 'not-tracked';
  }
}

// Colours come from staff-editable data and land in attributes: accept only plain colour
// syntax so a value can never carry markup or a url() to somewhere else.
const SAFE_COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\))$/i;

/** Defaults overlaid with the valid entries of `colors`; unknown keys and unsafe values are ignored. */
export function resolveMapColors(colors: Readonly<Record<string, string>> | undefined): Record<MapColorKey, string> {
  const resolved: Record<MapColorKey, string> = { ...DEFAULT_MAP_COLORS };
  if (!colors) return resolved;
  for (const key of MAP_COLOR_KEYS) {
    const value = colors[key];
    if (typeof value === 'string' && SAFE_COLOR.test(value.trim())) resolved[key] = value.trim();
  }
  return resolved;
}
