import type { Db } from '../../db/database.js';
import { enqueueNotifications, type EnqueueResult } from '../../db/alerts/enqueue-notifications.js';

export type MatchOptions = {
  /** Hour (UTC) daily digests go out; digest notifications wait for its next occurrence. */
  digestHourUtc?: number;
  /**
   * Changes this recent are looked at again even below the cursor: on PostgreSQL a scrape
   * transaction can take an id, commit after a later id was seen, and would otherwise be
   * skipped. The unique (watch, event) key makes the second look free of duplicates.
   */
  lateCommitGraceSeconds?: number;
};

export type MatchResult = EnqueueResult;

const DEFAULT_DIGEST_HOUR_UTC = 13;
const DEFAULT_LATE_COMMIT_GRACE_SECONDS = 3600;

/**
 * Enqueues notifications for status changes not yet matched: one row per matching watch and
 * change (`status-change:<id>`, or `new-bill:<bill id>` for a bill's first appearance),
 * inserted ON CONFLICT DO NOTHING so re-runs add nothing. A person with several watches on
 * the same channel and destination gets one notification per change, not one per watch.
 *
 * The high-water mark lives in the outbox itself: each watch has one `cursor` row whose
 * `status_change_id` is the last change looked at for it, starting at the last change
 * before the watch was created (so a new watch does not replay history). Returns how many
 * were enqueued and the last change id looked at.
 */
export async function matchWatches(db: Db, options: MatchOptions = {}): Promise<MatchResult> {
  return enqueueNotifications(db, {
    digestHourUtc: options.digestHourUtc ?? DEFAULT_DIGEST_HOUR_UTC,
    lateCommitGraceSeconds: options.lateCommitGraceSeconds ?? DEFAULT_LATE_COMMIT_GRACE_SECONDS,
  });
}
