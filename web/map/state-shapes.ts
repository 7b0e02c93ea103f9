/**
 * Projected state outlines from the Census cartographic boundaries in us-atlas
 * (states-10m.json, already simplified and quantized), computed once per process.
 *
 * Layout: a fixed 975 × 610 frame (us-atlas's own Albers frame) with d3-geo's geoAlbersUsa,
 * which places Alaska and Hawaii in the lower left. geoAlbersUsa has no Puerto Rico, so PR
 * is drawn in a framed inset in the lower right, south-east of Florida, by a Mercator
 * projection fitted to PR's outline (about 1.5 times the mainland scale, so it stays big
 * enough to tap). Renderers scale this frame with the SVG viewBox, so no width re-projects.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoAlbersUsa, geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, Geometry, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** Size of the map frame, in SVG user units, before the legend band. */
export const MAP_FRAME = { width: 975, height: 610 } as const;

/** The Puerto Rico inset's frame, in map units (lower right, in the Atlantic). */
export const PR_INSET = { x0: 862, y0: 560, x1: 958, y1: 596 } as const;

/** us-atlas ids of territories outside the 50 states, DC and PR: not drawn. */
const OMITTED_FIPS = new Set(['60', '66', '69', '78']);
const PR_FIPS = '72';

/** One state's outline, projected and encoded as a compact SVG path. */
export interface StateShape {
  fips: string;
  /** The Census name, used when the caller gives none. */
  name: string;
  d: string;
  /** A point inside the frame to hang callouts on (path centroid). */
  centroid: [number, number];
}

export interface StateShapes {
  states: StateShape[];
  /** Projects a longitude/latitude to map units, PR points into the inset; null when off the map. */
  project(lon: number, lat: number): [number, number] | null;
}

interface StateProperties {
  name: string;
}

type StatesTopology = Topology<{ states: GeometryCollection<StateProperties> }>;

let cache: StateShapes | undefined;
let builds = 0;

/** The 52 projected outlines and the point projection, built on first call and cached. */
export function getStateShapes(): StateShapes {
  if (!cache) {
    builds += 1;
    cache = buildStateShapes();
  }
  return cache;
}

/** How many times the outlines were projected in this process (once, when the cache works). */
export function stateShapeBuilds(): number {
  return builds;
}

function readStatesTopology(): StatesTopology {
  const require = createRequire(import.meta.url);
  const file = require.resolve('us-atlas/states-10m.json');
  const topology = JSON.parse(readFileSync(file, 'utf8')) as StatesTopology;
  if (topology.type !== 'Topology' || !topology.objects?.states) {
    throw new Error(`unexpected us-atlas file shape: ${file}`);
  }
  return topology;
}

function buildStateShapes(): StateShapes {
  const topology = readStatesTopology();
  const collection = feature(topology, topology.objects.states);
  const mainland = geoAlbersUsa().scale(1300).translate([MAP_FRAME.width / 2, MAP_FRAME.height / 2]);

  const prFeature = collection.features.find((f) => String(f.id) === PR_FIPS);
  if (!prFeature) throw new Error('us-atlas states-10m.json has no Puerto Rico (72)');
  // A small margin inside the inset frame keeps the coast off the frame line.
  const inset = geoMercator().fitExtent(
    [[PR_INSET.x0 + 4, PR_INSET.y0 + 4], [PR_INSET.x1 - 4, PR_INSET.y1 - 4]],
    prFeature,
  );

  const states: StateShape[] = [];
  for (const f of collection.features) {
    const fips = String(f.id);
    if (OMITTED_FIPS.has(fips)) continue;
    const projection = fips === PR_FIPS ? inset : mainland;
    states.push(projectShape(fips, f, projection));
  }
  states.sort((a, b) => a.fips.localeCompare(b.fips));

  const prBounds = geoPath().bounds(prFeature); // lon/lat box, for placing PR points
  return {
    states,
    project(lon, lat) {
      const point = mainland([lon, lat]);
      if (point) return point;
      const [[w, s], [e, n]] = prBounds;
      if (lon >= w - 0.2 && lon <= e + 0.2 && lat >= s - 0.2 && lat <= n + 0.2) return inset([lon, lat]);
      return null;
    },
  };
}

/**
 * Islands smaller than this many square map units (about one pixel at full width) are
 * invisible yet cost bytes: dropping them saves about a tenth of the SVG, most of it
 * Alaska's. They are whole polygons, so no shared border is touched.
 */
const MIN_ISLAND_AREA = 1;

function projectShape(fips: string, f: Feature<Geometry, StateProperties>, projection: GeoProjection): StateShape {
  const measure = geoPath(projection);
  const geometry = dropSpecks(f.geometry, (polygon) => measure.area(polygon));
  const context = new CompactPathContext();
  geoPath(projection, context)(geometry);
  const [cx, cy] = measure.centroid(f);
  return { fips, name: f.properties.name, d: context.result(), centroid: [cx, cy] };
}

function dropSpecks(geometry: Geometry, areaOf: (polygon: Polygon) => number): Geometry {
  if (geometry.type !== 'MultiPolygon') return geometry;
  const polygons = geometry.coordinates.map((coordinates) => {
    const polygon: Polygon = { type: 'Polygon', coordinates };
    return { coordinates, area: areaOf(polygon) };
  });
  const largest = Math.max(...polygons.map((p) => p.area));
  const kept = polygons.filter((p) => p.area >= MIN_ISLAND_AREA || p.area === largest).map((p) => p.coordinates);
  return { type: 'MultiPolygon', coordinates: kept };
}

/**
 * A d3-geo path context that writes small SVG path data: coordinates in tenths of a unit,
 * an absolute move then relative lines measured from the previous *rounded* point (so
 * rounding never drifts), points that round onto the previous one dropped, and separators
 * left out where a minus sign already separates numbers.
 */
class CompactPathContext {
  private out: string[] = [];
  private x = 0;
  private y = 0;
  private inLine = false;

  moveTo(x: number, y: number): void {
    const tx = Math.round(x * 10);
    const ty = Math.round(y * 10);
    this.out.push(`M${tenths(tx)}${sep(ty)}${tenths(ty)}`);
    this.x = tx;
    this.y = ty;
    this.inLine = false;
  }

  lineTo(x: number, y: number): void {
    const tx = Math.round(x * 10);
    const ty = Math.round(y * 10);
    const dx = tx - this.x;
    const dy = ty - this.y;
    if (dx === 0 && dy === 0) return;
    const first = tenths(dx);
    this.out.push(`${this.inLine ? sep(dx) : 'l'}${first}${sep(dy)}${tenths(dy)}`);
    this.x = tx;
    this.y = ty;
    this.inLine = true;
  }

  closePath(): void {
    this.out.push('z');
    this.inLine = false;
  }

  // Only called for Point geometries, which state outlines never contain.
  arc(): void {}

  beginPath(): void {}

  result(): string {
    return this.out.join('');
  }
}

/** A coordinate in tenths as the shortest decimal ("12", "1.5", ".5", "-.5"). */
function tenths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 10);
  const frac = abs % 10;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole === 0 ? '' : whole}.${frac}`;
}

/** A separator before a number, unless its minus sign already separates it. */
function sep(next: number): string {
  return next < 0 ? '' : ' ';
}
