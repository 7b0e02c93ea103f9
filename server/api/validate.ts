import type { Request } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { parseIsoInstant } from '../../core/dates.js';

type Issue = { parameter: string; message: string };

/**
 * Text PostgreSQL cannot store (a NUL character) anywhere in the input, named by path.
 * Checked before the schema so such a value is a 400, never a database error.
 */
function nulIssues(input: unknown, path: string[] = []): Issue[] {
  if (typeof input === 'string') return input.includes('\u0000') ? [{ parameter: path.join('.') || 'input', message: 'contains a NUL character' }] : [];
  if (Array.isArray(input)) return input.flatMap((v, i) => nulIssues(v, [...path, String(i)]));
  if (input && typeof input === 'object') return Object.entries(input).flatMap(([k, v]) => [...nulIssues(k, path), ...nulIssues(v, [...path, k])]);
  return [];
}

/**
 * The shape every request input schema has: an object refusing unknown keys, so a typo is
 * not silently ignored. Built once, at module level, in the contracts (`*.contract.ts`).
 */
export type InputSchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/**
 * Parses request input with a contract's schema. Every bad parameter is named with why, in
 * one 400. Nothing is built here: a route's schemas are compiled once, when its contract
 * module loads. @throws ValidationError naming each bad parameter.
 */
export function parseInput<S extends InputSchema>(schema: S, input: unknown, where: 'query' | 'body' | 'path'): z.output<S> {
  const nul = nulIssues(input);
  if (nul.length) throw new ValidationError(`invalid ${where} parameters: ${nul.map((d) => d.parameter).join(', ')}`, nul);
  if (where === 'body' && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new ValidationError('the body must be a JSON object', [{ parameter: 'body', message: 'expected a JSON object' }]);
  }
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  const details = parsed.error.issues.flatMap((issue): Issue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ parameter: k, message: `unknown ${where} parameter` }));
    }
    // A query parameter is named as the client wrote it (stage, not stage.0); body fields keep their path.
    const parameter = where === 'query' && issue.path.length ? String(issue.path[0]) : issue.path.join('.');
    return [{ parameter: parameter || where, message: issue.message }];
  }).filter((d) => {
    // One line per parameter: a value failing two checks (say, not whole and too big) is one mistake.
    if (seen.has(d.parameter)) return false;
    seen.add(d.parameter);
    return true;
  });
  throw new ValidationError(`invalid ${where} parameters: ${details.map((d) => d.parameter).join(', ')}`, details);
}

/** The query string, as parsed by express (repeated parameters are arrays). */
export function queryOf(req: Request): Record<string, unknown> {
  return req.query as Record<string, unknown>;
}

/** A comma-separated or repeated query parameter of enum values. */
export function enumList<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, { message: `expected one of ${values.join(', ')}` })));
}

/** One plain string parameter (a repeated one is an error, not silently the first). */
export const oneString = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required` : Array.isArray(issue.input) ? `${name} must be given once` : `${name} must be text`) })
    .trim().min(1, `${name} is empty`).max(500, `${name} is too long`);

/**
 * A whole number given once, within bounds; the message says the range. Documented as an
 * integer: the digits-only check makes it whole, and a `.int()` check would add a second
 * message ahead of "at most" for numbers beyond 2^53.
 */
export const boundedInt = (name: string, min: number, max: number) =>
  oneString(name)
    .regex(/^\d+$/, `${name} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))
    .meta({ type: 'integer' });

/** A database id in a path or query: digits only, within the range of a safe integer. */
export const recordId = (name: string) =>
  z
    .string({ message: `${name} must be given once` })
    .regex(/^\d{1,15}$/, `${name} must be a positive whole number`)
    .transform(Number)
    .pipe(z.number().min(1, `${name} must be a positive whole number`))
    .meta({ type: 'integer' });

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO date or date-time (checked by core/dates: a real day, years 1000-9999). Parsed
 * into a Date, which JSON Schema cannot say: the document shows the text a client sends.
 */
export const isoInstant = (name: string) =>
  oneString(name).transform((v, ctx) => {
    const date = parseIsoInstant(v);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `${name} must be an ISO date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z` });
      return z.NEVER;
    }
    return date;
  }).meta({ type: 'string', pattern: ISO_INSTANT.source });
