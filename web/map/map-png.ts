/**
 * The map as a PNG for link previews (Open Graph and Twitter cards): the same state
 * outlines, colours and city markers as the SVG map, drawn by a small scanline
 * rasterizer at twice the size and averaged down (anti-aliased edges). Link-preview
 * crawlers (Facebook, X, LinkedIn, Slack) do not accept SVG images, and a native image
 * library would be a platform-specific binary for one picture: this is pure TypeScript
 * over node:zlib, and makes no request.
 */
import { encodePng } from './png-encode.js';
import { mapColorKey, resolveMapColors } from './map-palette.js';
import { getStateShapes, MAP_FRAME, PR_INSET } from './state-shapes.js';
import type { MapInput } from './map-render.js';
import { spreadMarkers } from './marker-layout.js';

/** The size link previews ask for (1.91:1). */
export const OG_IMAGE_SIZE = { width: 1200, height: 630 } as const;

type Rgb = [number, number, number];
type Ring = [number, number][];

/** `#rgb` / `#rrggbb` to bytes; anything else (a pattern URL, a name) is mid grey. */
function rgbOf(color: string): Rgb {
  const c = color.trim();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(c);
  if (short) return [parseInt(short[1] + short[1], 16), parseInt(short[2] + short[2], 16), parseInt(short[3] + short[3], 16)];
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(c);
  if (long) return [parseInt(long[1], 16), parseInt(long[2], 16), parseInt(long[3], 16)];
  return [153, 153, 153];
}

/**
 * Rings of a path as state-shapes.ts writes it: `M x y` then relative `l dx dy ...`, `z`.
 * Numbers are separated by a space or by their own minus sign.
 */
export function pathRings(d: string): Ring[] {
  const rings: Ring[] = [];
  let ring: Ring = [];
  let x = 0;
  let y = 0;
  for (const [, command, args] of d.matchAll(/([MmLlZz])([^MmLlZz]*)/g)) {
    const numbers = [...args.matchAll(/-?(?:\d+\.?\d*|\.\d+)/g)].map((m) => Number(m[0]));
    if (command === 'M' || command === 'm') {
      if (ring.length) rings.push(ring);
      x = command === 'M' ? numbers[0] : x + numbers[0];
      y = command === 'M' ? numbers[1] : y + numbers[1];
      ring = [[x, y]];
      numbers.splice(0, 2);
    }
    if (command === 'z' || command === 'Z') {
      if (ring.length) rings.push(ring);
      ring = [];
      continue;
    }
    const relative = command === 'l' || command === 'm';
    for (let i = 0; i + 1 < numbers.length; i += 2) {
      x = relative ? x + numbers[i] : numbers[i];
      y = relative ? y + numbers[i + 1] : numbers[i + 1];
      ring.push([x, y]);
    }
  }
  if (ring.length) rings.push(ring);
  return rings;
}

/** An RGB canvas with even-odd polygon and circle fills. */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgb) {
    this.pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.pixels.set(background, i * 3);
  }

  private put(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.pixels[i] = color[0];
    this.pixels[i + 1] = color[1];
    this.pixels[i + 2] = color[2];
  }

  /**
   * Fills the rings together (even-odd, so holes stay holes); `hatch` paints every few
   * diagonal pixels white. Edges are bucketed by their first scanline and kept in an
   * active list, so each row looks only at the edges crossing it.
   */
  fillRings(rings: Ring[], color: Rgb, hatch = false): void {
    type Edge = { y0: number; y1: number; x0: number; slope: number };
    const edges: Edge[] = [];
    for (const r of rings) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const [xa, ya] = r[j];
        const [xb, yb] = r[i];
        if (ya === yb) continue;
        const [top, bottom] = ya < yb ? [[xa, ya], [xb, yb]] : [[xb, yb], [xa, ya]];
        edges.push({ y0: top[1], y1: bottom[1], x0: top[0], slope: (bottom[0] - top[0]) / (bottom[1] - top[1]) });
      }
    }
    if (edges.length === 0) return;
    edges.sort((a, b) => a.y0 - b.y0);
    const firstRow = Math.max(0, Math.floor(edges[0].y0));
    const lastRow = Math.min(this.height - 1, Math.ceil(Math.max(...edges.map((e) => e.y1))));
    let next = 0;
    let active: Edge[] = [];
    const xs: number[] = [];
    for (let py = firstRow; py <= lastRow; py++) {
      const sy = py + 0.5;
      while (next < edges.length && edges[next].y0 <= sy) active.push(edges[next++]);
      active = active.filter((e) => e.y1 > sy);
      xs.length = 0;
      for (const e of active) if (e.y0 <= sy) xs.push(e.x0 + (sy - e.y0) * e.slope);
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const from = Math.max(0, Math.ceil(xs[k] - 0.5));
        const to = Math.min(this.width - 1, Math.floor(xs[k + 1] - 0.5));
        for (let px = from; px <= to; px++) this.put(px, py, hatch && (px + py) % 10 < 3 ? WHITE : color);
      }
    }
  }

  /** Strokes the rings' edges one pixel wide (borders between states). */
  strokeRings(rings: Ring[], color: Rgb): void {
    for (const r of rings) {
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const [x0, y0] = r[j];
        const [x1, y1] = r[i];
        const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
        for (let s = 0; s <= steps; s++) this.put(Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), color);
      }
    }
  }

  fillCircle(cx: number, cy: number, radius: number, color: Rgb): void {
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius) this.put(x, y, color);
      }
    }
  }

  /** Averages blocks of `factor` × `factor` pixels: the anti-aliased picture. */
  downsample(factor: number): Uint8Array {
    const w = Math.floor(this.width / factor);
    const h = Math.floor(this.height / factor);
    const out = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let dy = 0; dy < factor; dy++) {
            const row = ((y * factor + dy) * this.width + x * factor) * 3 + c;
            for (let dx = 0; dx < factor; dx++) sum += this.pixels[row + dx * 3];
          }
          out[(y * w + x) * 3 + c] = Math.round(sum / (factor * factor));
        }
      }
    }
    return out;
  }
}

const SUPERSAMPLE = 2;
const WHITE: Rgb = [255, 255, 255];

/**
 * Renders the map of `input` as a 1200 × 630 PNG: states filled by status (overturned
 * hatched), white borders, city markers spread apart exactly as on the page.
 */
export function renderMapPng(input: MapInput): Buffer {
  const { width, height } = OG_IMAGE_SIZE;
  const canvas = new Canvas(width * SUPERSAMPLE, height * SUPERSAMPLE, [255, 255, 255]);
  const scale = (Math.min(width / MAP_FRAME.width, height / MAP_FRAME.height) * 0.96) * SUPERSAMPLE;
  const offsetX = (canvas.width - MAP_FRAME.width * scale) / 2;
  const offsetY = (canvas.height - MAP_FRAME.height * scale) / 2;
  const toCanvas = (r: Ring): Ring => r.map(([x, y]) => [offsetX + x * scale, offsetY + y * scale]);
  const colors = resolveMapColors(input.colors);
  const legend = input.legend ?? null;
  const colorOf = (item: { status: string; strength?: string | null; tracked?: boolean; legendKey?: string } | undefined): { rgb: Rgb; hatch: boolean } => {
    if (legend?.length) {
      const entry = legend.find((l) => l.key === item?.legendKey) ?? legend[0];
      return { rgb: rgbOf(entry.color), hatch: false };
    }
    // As on the page: a place no source has read is not tracked (white), never "none".
    const key = mapColorKey(item?.status ?? 'none', item?.strength ?? null, item ? item.tracked !== false : false);
    return { rgb: rgbOf(colors[key]), hatch: key === 'overturned' };
  };
  const shapes = getStateShapes();
  const byFips = new Map(input.states.map((s) => [s.fips, s]));
  for (const shape of shapes.states) {
    const rings = pathRings(shape.d).map(toCanvas);
    const { rgb, hatch } = colorOf(byFips.get(shape.fips));
    canvas.fillRings(rings, rgb, hatch);
    canvas.strokeRings(rings, [255, 255, 255]);
  }
  canvas.strokeRings([toCanvas([[PR_INSET.x0, PR_INSET.y0], [PR_INSET.x1, PR_INSET.y0], [PR_INSET.x1, PR_INSET.y1], [PR_INSET.x0, PR_INSET.y1]])], [153, 153, 153]);
  const placed = spreadMarkers(input.cities.flatMap((c) => {
    const point = shapes.project(c.lon, c.lat);
    return point ? [{ city: c, x: point[0], y: point[1] }] : [];
  }));
  for (const m of placed) {
    const [[x, y]] = toCanvas([[m.x, m.y]]);
    const radius = m.radius * scale;
    canvas.fillCircle(x, y, radius + 0.8 * scale, [34, 34, 34]);
    canvas.fillCircle(x, y, radius, colorOf(m.city).rgb);
  }
  return encodePng(width, height, canvas.downsample(SUPERSAMPLE));
}
