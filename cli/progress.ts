/**
 * Progress for long commands: a line rewritten in place on a terminal, nothing when
 * output goes to a file or a pipe (logs and CI stay clean).
 */
export type Progress = { update: (text: string) => void; done: (text?: string) => void };

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = Boolean(stream.isTTY);
  let last = 0;
  return {
    update(text) {
      if (!interactive) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      stream.write(`\r\x1b[2K${text}`);
    },
    done(text) {
      if (interactive) stream.write('\r\x1b[2K');
      if (text) stream.write(`${text}\n`);
    },
  };
}
