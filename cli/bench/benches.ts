import type { Bench } from './bench-result.js';
import { classifyBench } from './classify.bench.js';
import { importBench } from './import.bench.js';
import { adoptionBench } from './adoption.bench.js';
import { webBench } from './web.bench.js';
import { apiBench } from './api.bench.js';
import { exportsBench } from './exports.bench.js';
import { shareImageBench } from './share-image.bench.js';
import { openStatesBulkBench } from './openstates-bulk.bench.js';

/** Every benchmark `npm run bench` runs, in order. */
export const BENCHES: Bench[] = [classifyBench, importBench, openStatesBulkBench, adoptionBench, apiBench, webBench, shareImageBench, exportsBench];
