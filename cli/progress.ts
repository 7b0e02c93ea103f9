/**
 * Progress for long commands: a line rewritten in place on a terminal, nothing when
 * output goes to a file or a pipe (logs and CI stay clean). When the total is known the
 * line shows `done/total`, the share done and an ETA from the rate so far.
 */
export type Progress = {
  update: (text: string) => void;
  /** `done` of `total` items: prefixes the line with the count, percent and ETA. */
  step: (done: number, text?: string) => void;
  done: (text?: string) => void;
};

/** "1:05", "12:00", "1:02:03" */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * "1,200/3,512 (34%), ETA 0:41": the count against the total and the time left at the
 * rate since `startedAt`; no ETA before the first item or once done.
 */
export function progressLine(done: number, total: number, startedAt: number, now: number): string {
  const share = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  const head = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${share}%)`;
  if (done <= 0 || done >= total) return head;
  const eta = ((now - startedAt) / done) * (total - done);
  return `${head}, ETA ${formatDuration(eta)}`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, options: { total?: number | null; now?: () => number } = {}): Progress {
  const interactive = Boolean(stream.isTTY);
  const now = options.now ?? Date.now;
  const startedAt = now();
  let total = options.total ?? null;
  let last = 0;
  const write = (text: string) => {
    if (!interactive) return;
    const t = now();
    if (t - last < 100) return;
    last = t;
    stream.write(`\r\x1b[2K${text}`);
  };
  return {
    update: write,
    step(done, text) {
      write(total === null ? `${done.toLocaleString('en-US')}${text ? ` ${text}` : ''}` : `${progressLine(done, total, startedAt, now())}${text ? ` · ${text}` : ''}`);
    },
    done(text) {
      total = null;
      if (interactive) stream.write('\r\x1b[2K');
      if (text) stream.write(`${text}\n`);
    },
  };
}
