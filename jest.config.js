/** Jest runs the TypeScript sources as ES modules through SWC (fast, no type-check:
 * `npm run typecheck` does that). PGlite loads its WASM with a dynamic import, hence
 * NODE_OPTIONS=--experimental-vm-modules in the npm test script. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    }],
  },
  maxWorkers: 2,
  testTimeout: 60000,
};
