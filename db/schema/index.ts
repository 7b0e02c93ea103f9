export * from './jurisdictions.js';
export * from './bills.js';
export * from './policies.js';
export * from './users.js';
export * from './sources.js';
export * from './alerts.js';
export * from './texts.js';
export * from './rollup.js';
