/**
 * City markers that never hide each other: places at (nearly) the same spot, such as
 * Denver and Denver Public Schools, would draw one circle over the other and leave one
 * unclickable. Markers are placed in order (cities before counties and districts, then
 * by name); one that would touch a placed marker moves to the nearest free spot on rings
 * around its true position, and keeps a leader line back to it.
 */

/** Marker radius in map units (the SVG frame is 975 wide). */
export const MARKER_RADIUS = 4.5;
/** Space kept between two markers' edges. */
const GAP = 1.5;

export type MarkerInput<T> = { city: T; x: number; y: number };
export type PlacedMarker<T> = MarkerInput<T> & { radius: number; fromX: number; fromY: number; moved: boolean };

const KIND_ORDER: Record<string, number> = { municipality: 0, county: 1, school_district: 2 };

function orderOf(city: unknown): [number, string] {
  const c = city as { classification?: string; name?: string; id?: string };
  return [KIND_ORDER[c.classification ?? 'municipality'] ?? 3, `${c.name ?? ''}\u0000${c.id ?? ''}`];
}

/**
 * Places every marker so that no two overlap. Returns them in drawing order, each with
 * where it is drawn (`x`, `y`) and where it really is (`fromX`, `fromY`).
 */
export function spreadMarkers<T>(markers: MarkerInput<T>[], radius = MARKER_RADIUS): PlacedMarker<T>[] {
  const ordered = [...markers].sort((a, b) => {
    const [ka, na] = orderOf(a.city);
    const [kb, nb] = orderOf(b.city);
    return ka - kb || na.localeCompare(nb);
  });
  const placed: PlacedMarker<T>[] = [];
  const minDistance = 2 * radius + GAP;
  const free = (x: number, y: number) => placed.every((p) => Math.hypot(p.x - x, p.y - y) >= minDistance);
  for (const m of ordered) {
    let spot: [number, number] | null = free(m.x, m.y) ? [m.x, m.y] : null;
    for (let ring = 1; !spot && ring <= 40; ring++) {
      const distance = ring * minDistance;
      const steps = 6 * ring;
      for (let i = 0; i < steps && !spot; i++) {
        // Start straight up-right and go round, so the first move is predictable.
        const angle = -Math.PI / 4 + (2 * Math.PI * i) / steps;
        const x = m.x + distance * Math.cos(angle);
        const y = m.y + distance * Math.sin(angle);
        if (free(x, y)) spot = [x, y];
      }
    }
    const [x, y] = spot ?? [m.x, m.y];
    placed.push({ ...m, x, y, radius, fromX: m.x, fromY: m.y, moved: x !== m.x || y !== m.y });
  }
  return placed;
}
