import * as cheerio from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { clockTimeOf } from '../../core/meetings/meeting.schema.js';
import { cleanText, selectOne } from '../kit/select.js';

/**
 * Parser of the San Diego City Clerk's meetings calendar, a Drupal month view
 * (`https://www.sandiego.gov/city-clerk/officialdocs/meetings-calendar?calendar_timestamp=…`):
 * `table.calendar-view-month`, one `td.current-month` per day whose `time[datetime]` reads
 * `2024-02-01PST00:00:00` (not ISO), each event an `li` with the body's link (to the OnBase
 * site, not the meeting) and its time (`10:00 am`). Real page:
 * ../shared/reference/cities/san-diego/sandiego-gov_city-clerk_meetings-calendar_2024-02.html.
 */

export type CalendarEntry = {
  date: string;
  time: string | null;
  /** "City Council", "Public Safety Committee", "Legislative Recess". */
  title: string;
  url: string | null;
  /** A recess day, not a meeting. */
  recess: boolean;
};

const TABLE = 'table.calendar-view-month';
const DAY_ROWS = 'ul.calendar-view-day__rows > li';

/** Every entry of the month, in calendar order. Throws LayoutChangedError when the month grid or a day's date is missing. */
export function parseSanDiegoMeetingsCalendar(html: string, url: string): CalendarEntry[] {
  const $ = cheerio.load(html);
  const table = selectOne($, TABLE, url);
  const days = table.find('td.current-month');
  if (days.length < 28) throw new LayoutChangedError(`${TABLE} td.current-month`, url, `a month has at least 28 days, found ${days.length}`);
  return days.toArray().flatMap((td) => {
    const day = $(td);
    const entries = day.find(DAY_ROWS);
    if (entries.length === 0) return [];
    const stamp = day.find('time[datetime]').first().attr('datetime') ?? '';
    const date = /^(\d{4}-\d{2}-\d{2})/.exec(stamp)?.[1];
    if (!date) throw new LayoutChangedError(`${TABLE} td.current-month time[datetime]`, url, `unreadable day ${JSON.stringify(stamp)}`);
    return entries.toArray().map((li) => {
      const link = $(li).find('a').first();
      const title = cleanText(link.text() || $(li).text());
      const href = link.attr('href');
      return {
        date,
        time: clockTimeOf(cleanText($(li).find('.fine-print').first().text())),
        title,
        url: href ? new URL(href, url).toString() : null,
        recess: /recess/i.test(title),
      };
    });
  });
}
