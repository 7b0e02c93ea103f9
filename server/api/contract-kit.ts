import { z } from 'zod';
import type { InputSchema } from './validate.js';

/**
 * Who may call an operation. It sets the operation's security requirement and the error
 * answers that come with it (see `openapi-document.ts`):
 * - `public-read`: anyone; behind the public-read middleware (CORS, ETag, a minute of caching);
 * - `public`: anyone, without that caching;
 * - `staff`: a staff API key or session; writes also need the CSRF token with a session;
 * - `anyone`: credentials are not looked at.
 */
export type Access = 'public-read' | 'public' | 'staff' | 'anyone';

/** The shared error answers, by the name the document keeps them under. */
export type ErrorAnswer = 'BadRequest' | 'NotFound' | 'Unauthorized' | 'InvalidKey' | 'Forbidden' | 'RateLimited';

/** One answer of an operation: a JSON body with its schema, and/or text representations. */
export type AnswerContract = {
  description: string;
  /** The schema of the `application/json` body. */
  json?: z.ZodType;
  /** Text representations (CSV, Atom) of the answer. */
  text?: readonly ('text/csv' | 'application/atom+xml')[];
  /** Response headers worth knowing, with what they say. */
  headers?: Readonly<Record<string, string>>;
};

/** A request header the operation reads (content negotiation and the like). */
export type HeaderContract = { name: string; description: string };

/**
 * One operation of the API: what it accepts (path parameters, query, body: the very schemas
 * its route parses with) and what it answers. `openapi-document.ts` generates the OpenAPI
 * document from these; a test checks every route the app serves under /api has one.
 */
export type OperationContract = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path template, e.g. `/api/bills/{id}`. */
  path: `/api/${string}`;
  summary: string;
  description?: string;
  access: Access;
  /** Replaces the security requirement `access` implies (rarely needed). */
  security?: readonly Record<string, readonly string[]>[];
  params?: InputSchema;
  query?: InputSchema;
  body?: InputSchema;
  headers?: readonly HeaderContract[];
  /** Success answers, and any answer whose body is not the shared error shape. */
  answers: Readonly<Record<number, AnswerContract>>;
  /** Shared error answers beyond those `access` implies. */
  errors?: readonly ErrorAnswer[];
};

/** Declares an operation; the identity, so routes keep the precise types of its schemas. */
export function defineOperation<const T extends OperationContract>(operation: T): T {
  return operation;
}

const components = new Map<z.ZodType, string>();

/**
 * Names a response schema: the document keeps it once under `#/components/schemas/<id>` and
 * refers to it wherever it is used. @throws Error when the id is taken.
 */
export function component<T extends z.ZodType>(id: string, schema: T): T {
  if ([...components.values()].includes(id)) throw new Error(`component ${id} is declared twice`);
  components.set(schema, id);
  return schema;
}

/** Every named schema declared so far, by schema. */
export function namedComponents(): ReadonlyMap<z.ZodType, string> {
  return components;
}

/** A query that takes no parameters: any given is an unknown parameter (400). */
export const noQuery = z.strictObject({});

/** `_csrf`: the session's CSRF token, for HTML forms that cannot send the header. */
export const csrfField = z.string().describe('The CSRF token, for HTML forms (instead of the X-CSRF-Token header).').optional();

/** Response building blocks: the wire formats of dates and the like. */
export const wire = {
  /** An RFC 3339 date-time, as `Date#toJSON` writes it. */
  dateTime: z.iso.datetime({ offset: true }),
  /** A calendar day, YYYY-MM-DD. */
  date: z.iso.date(),
  int: z.int(),
  text: z.string(),
  bool: z.boolean(),
} as const;

/** An array of results: the body of most list answers. */
export const resultsOf = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item) });

/** The one error shape of every error answer. */
export const ApiError = component(
  'Error',
  z
    .object({
      error: z.object({
        code: z.string().describe('Stable machine-readable code: invalid_request, not_found, unauthorized, forbidden, rate_limited, ...'),
        message: z.string(),
        details: z
          .array(z.object({ parameter: z.string(), message: z.string() }))
          .describe('For invalid_request: each bad parameter and why.')
          .optional(),
      }),
    })
    .describe('Every error answer has this shape.'),
);
