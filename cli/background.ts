import type { DatabaseHandle } from '../db/connect.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { startScheduling, type SchedulingService } from '../scrapers/scheduler/scheduling-service.js';
import { adapterFor } from '../scrapers/sources/adapters.js';
import { runAlertsOnce } from '../server/alerts/alerts-service.js';

export type Background = { scheduling: SchedulingService | null; stop: () => Promise<void> };

const ALERTS_EVERY_MS = 30_000;

/**
 * What runs beside the web server: the scrape schedules (unless SCHEDULER=off) and the
 * alerts outbox, on a timer. Neither can stop the web server: a failure to start the
 * scheduler is logged and the site keeps serving; an alerts pass that throws is logged
 * and tried again on the next tick.
 */
export async function startBackground(handle: DatabaseHandle, config: Config, logger: Logger): Promise<Background> {
  let scheduling: SchedulingService | null = null;
  if (config.scheduler) {
    try {
      scheduling = await startScheduling({ handle, config, adapterFor, logger });
    } catch (error) {
      logger.error({ err: error }, 'the scheduler could not start; the site keeps serving without scheduled scrapes');
    }
  }
  let alertsRunning: Promise<void> | null = null;
  const tick = () => {
    if (alertsRunning) return;
    alertsRunning = runAlertsOnce(handle, config, { logger })
      .then(() => undefined, (error: unknown) => logger.error({ err: error }, 'alerts pass failed'))
      .finally(() => {
        alertsRunning = null;
      });
  };
  const timer = setInterval(tick, ALERTS_EVERY_MS);
  timer.unref();
  return {
    scheduling,
    stop: async () => {
      clearInterval(timer);
      await scheduling?.stop({ graceMs: 30_000 });
      await alertsRunning;
    },
  };
}
