import type { DatabaseHandle } from '../db/connect.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { HostResolver } from './alerts/webhook-target.js';
import type { SignInThrottle } from './auth/sign-in-throttle.js';
import type { SchedulingControl } from './sources/source-schedule-service.js';
import type { UploadControl } from './uploads/upload-control.js';

/**
 * What the app is built from. `scheduling` is the scheduler running in this process, or
 * null/absent when there is none (SCHEDULER=off, tests). It is read per request, not at
 * creation: start-up creates the app before the scheduler starts and sets it afterwards.
 */
export type AppContext = {
  handle: DatabaseHandle;
  config: Config;
  logger: Logger;
  scheduling?: SchedulingControl | null;
  /** Resolves webhook hosts when a watch is made (tests inject one; default: the system resolver). */
  resolveHost?: HostResolver;
  /** Sign-in failure counters (tests inject one with their own clock; default: a new one). */
  signInThrottle?: SignInThrottle;
  /** Re-classifies stored bills in the background (after staff save rules); absent in tests and when nothing runs in the background. */
  reclassify?: ((reason: string) => void) | null;
  /** Staff uploads (imports, texts) run in this process; null/absent: the upload pages say uploads are not available. */
  uploads?: UploadControl | null;
};
