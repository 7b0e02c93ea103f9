import { z } from 'zod';

/**
 * Settings of the city sources that are not the Legistar Web API: what a city registry entry
 * (`db/seed/cities.json`) gives its sources, and what staff may edit on the source row. A new
 * OnBase or NovusAGENDA city is a registry entry with these settings, not code. Validated at
 * start-up (the registry) and at the start of every run (the source row).
 */

/** A regular expression given as text: checked to compile, so a bad edit fails at load. */
const pattern = (what: string) =>
  z.string().refine(
    (value) => {
      try {
        new RegExp(value, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { message: `${what} is not a valid regular expression` },
  );

/**
 * Agenda headings whose items are not legislation: roll call, minutes, ceremonies, public
 * comment, closed session, reports. Items under them are stored on the meeting but become no
 * record of the city.
 */
export const DEFAULT_SKIP_SECTIONS =
  'roll call|invocation|pledge|land acknowledg|minutes|proclamation|ceremonial|presentation|public comment|non-agenda|closed session|adjourn|announcement|correspondence|report(s)? of|council (comment|report)|staff (comment|report)|call to order|informational|warrant register';

/** Meeting titles whose agendas hold no legislation (a list of speakers, a closed session). */
export const DEFAULT_SKIP_MEETINGS = 'public comment|closed session';

/** Ordinance and resolution numbers as agendas write them: "Ordinance No. 2022-10", "Resolution No. 26-1". */
export const DEFAULT_MATTER_PATTERN = '\\b(?<file>(?:Ordinance|Resolution)\\s+No\\.?\\s*[A-Z]{0,3}-?\\d{1,4}(?:-\\d{1,4})?[A-Z]?)\\b';

const common = {
  skipSections: pattern('skipSections').default(DEFAULT_SKIP_SECTIONS),
  /** A regex with a named group `file` that finds the city's file number in an item's title. */
  matterPattern: pattern('matterPattern').nullable().default(DEFAULT_MATTER_PATTERN),
  /** Milliseconds between two requests to the city's host. */
  minIntervalMs: z.number().int().min(0).default(1500),
};

export const onbaseSettingsSchema = z.object({
  /** The Agenda Online sites, each its root (`https://sandiego.hylandcloud.com/211agendaonlinecouncil/`). */
  sites: z
    .array(
      z.object({
        url: z.string().url(),
        /** The body its meetings belong to when the listing does not say ("City Council"). */
        body: z.string().min(1).nullable().default(null),
        /**
         * Pages under the site that list meetings: the home page (`''`, upcoming and recent) and,
         * for bodies the home page leaves out, a meeting search (`Meetings/Search?dropid=4&mtids=132`).
         */
        pages: z.array(z.string()).min(1).default(['']),
      }),
    )
    .min(1, 'an OnBase source needs at least one site'),
  /** Meetings older than this many days are not read again once read. */
  lookbackDays: z.number().int().min(0).max(3650).default(45),
  skipMeetings: pattern('skipMeetings').default(DEFAULT_SKIP_MEETINGS),
  /** A clerk's list of final resolutions and ordinances that marks matters enacted. */
  enactments: z
    .object({
      format: z.enum(['sandiego-clerk']),
      url: z.string().url(),
      /** Pages read per run, newest first. */
      pages: z.number().int().min(1).max(50).default(3),
    })
    .nullable()
    .default(null),
  ...common,
});
export type OnBaseSettings = z.infer<typeof onbaseSettingsSchema>;

export const novusagendaSettingsSchema = z.object({
  /** The public search page: `https://houston.novusagenda.com/agendapublic/` or `…/meetingsgeneral.aspx?MeetingType=1&Date=6ms`. */
  url: z.string().url(),
  /** Agenda categories whose items are legislation (Houston: `ORDINANCES`); empty: every category not skipped. */
  legislationCategories: z.array(z.string().min(1)).default([]),
  /** Items pages read per run (the grid pages by postback, 15 items a page). */
  maxPages: z.number().int().min(1).max(200).default(20),
  ...common,
});
export type NovusAgendaSettings = z.infer<typeof novusagendaSettingsSchema>;

export const austinCouncilSettingsSchema = z.object({
  /** The Council Meeting Information Center. */
  infoCenterUrl: z.string().url(),
  /** Year indexes to read as well (`…/2026/2026_master_index.htm`), for meetings older than the center lists. */
  yearIndexUrls: z.array(z.string().url()).default([]),
  /** Boards and commissions year pages to follow (`…/meetings/2026_39_1.htm`; `{year}` is replaced by the current year). */
  boardPages: z.array(z.string().min(1)).default([]),
  /** Meetings older than this many days are not read again once read. */
  lookbackDays: z.number().int().min(0).max(3650).default(45),
  ...common,
});
export type AustinCouncilSettings = z.infer<typeof austinCouncilSettingsSchema>;

/** How the Legistar InSite crawler reads a client's public site (the fallback when the API refuses). */
export const legistarHtmlSettingsSchema = z.object({
  /** The InSite site: `https://phila.legistar.com`. */
  insiteUrl: z.string().url(),
  /** The Legislation search's year filter ("This Year", "Last Year", "2025", "All Years"). */
  searchYears: z.string().min(1).default('This Year'),
  /** The Calendar's year filter; the default page shows this month. */
  calendarYears: z.string().min(1).nullable().default(null),
  /** LegislationDetail pages read per run at most (the rest wait for the next run). */
  maxDetailPages: z.number().int().min(0).max(5000).default(300),
  /** Search result pages read per run at most. */
  maxSearchPages: z.number().int().min(1).max(500).default(50),
  /** MeetingDetail pages of meetings older than this many days are not read. */
  lookbackDays: z.number().int().min(0).max(3650).default(14),
  minIntervalMs: z.number().int().min(0).default(1500),
});
export type LegistarHtmlSettings = z.infer<typeof legistarHtmlSettingsSchema>;

export const openStatesEventsSettingsSchema = z.object({
  /** State codes or OCD ids whose hearings are read; none: the source has nothing to do. */
  jurisdictions: z.array(z.string().min(2)).default([]),
  /** Events from this many days back. */
  lookbackDays: z.number().int().min(0).max(365).default(7),
});

/** A registry entry's non-Legistar source: its kind and settings, checked by kind. */
export const citySourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('onbase'), settings: onbaseSettingsSchema }),
  z.object({ kind: z.literal('novusagenda'), settings: novusagendaSettingsSchema }),
  z.object({ kind: z.literal('austin-council'), settings: austinCouncilSettingsSchema }),
]);
export type CitySource = z.infer<typeof citySourceSchema>;
export type CitySourceInput = z.input<typeof citySourceSchema>;
