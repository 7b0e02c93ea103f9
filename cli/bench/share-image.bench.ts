/**
 * The link-preview picture: rendering a policy's map as a 1200 × 630 PNG in process
 * (scanline rasterizer + zlib), beside rendering the same map as the page's SVG, per render.
 * The input is every seeded jurisdiction with a status, so every state and marker is drawn.
 */
import { renderMap, type MapInput } from '../../web/map/map-render.js';
import { renderMapPng } from '../../web/map/map-png.js';
import { getStateShapes } from '../../web/map/state-shapes.js';
import { loadLocalJurisdictions, loadStates } from '../../db/seed/seed-data.js';
import { loadCityRegistry } from '../../db/seed/city-registry.js';
import type { Bench, BenchResult } from './bench-result.js';

const ROUNDS = 5;

function mapInput(): MapInput {
  const statuses = ['enacted', 'pending', 'failed', 'none', 'overturned'] as const;
  const places = [...loadCityRegistry().map((c) => ({ id: c.id, name: c.name, lat: c.latitude, lon: c.longitude })), ...loadLocalJurisdictions().map((j) => ({ id: j.id, name: j.name, lat: j.latitude, lon: j.longitude }))];
  return {
    policyId: 'crisis-response', colors: {},
    states: loadStates().map((s, i) => ({ fips: s.fips, id: s.id, name: s.name, status: statuses[i % statuses.length], strength: 'partial', href: '/x' })),
    cities: places.filter((p) => p.lat !== null && p.lon !== null).map((p, i) => ({ id: p.id, name: p.name, lat: p.lat!, lon: p.lon!, status: statuses[i % statuses.length], href: '/x' })),
  };
}

function msPerRender(render: () => unknown): number {
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) render();
  return (performance.now() - started) / ROUNDS;
}

export const shareImageBench: Bench = {
  name: 'share-image',
  run: async (): Promise<BenchResult> => {
    getStateShapes(); // projected once per process, for both
    const input = mapInput();
    const svg = msPerRender(() => renderMap(input));
    const png = msPerRender(() => renderMapPng(input));
    return {
      title: 'Link-preview map image (1200 × 630 PNG, rendered in process)',
      figures: [
        { name: 'PNG render of a policy map', value: Math.round(png), unit: 'ms', baseline: { name: 'SVG render of the same map', value: Math.round(svg * 10) / 10 }, note: `${input.states.length} states, ${input.cities.length} markers; cached per policy until the colours change` },
        { name: 'PNG size', value: renderMapPng(input).length, unit: 'bytes' },
      ],
    };
  },
};
