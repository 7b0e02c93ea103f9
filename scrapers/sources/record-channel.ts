/**
 * Bridges a producer that pushes (a sync loop calling `sink.bills(...)`) to the pipeline,
 * which pulls records with `for await`. `send` resolves only once the consumer asks for
 * the next record, i.e. after it has written this one, so a producer that advances a
 * cursor after `send` never runs ahead of what is stored.
 */
export type RecordChannel<T> = {
  send: (item: T) => Promise<void>;
  close: (error?: Error) => void;
  [Symbol.asyncIterator]: () => AsyncIterator<T>;
};

export function createRecordChannel<T>(): RecordChannel<T> {
  const queue: { item: T; delivered: () => void }[] = [];
  let closed = false;
  let failure: Error | null = null;
  let waiting: (() => void) | null = null;
  let lastDelivered: (() => void) | null = null;
  const wake = () => {
    waiting?.();
    waiting = null;
  };
  return {
    send(item) {
      if (closed) return Promise.reject(new Error('channel closed'));
      return new Promise<void>((delivered) => {
        queue.push({ item, delivered });
        wake();
      });
    },
    close(error) {
      closed = true;
      failure = error ?? null;
      wake();
    },
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<T>> {
          // Asking for the next record means the previous one is written.
          lastDelivered?.();
          lastDelivered = null;
          while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (waiting = resolve));
          const head = queue.shift();
          if (head) {
            lastDelivered = head.delivered;
            return { value: head.item, done: false };
          }
          if (failure) throw failure;
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<T>> {
          lastDelivered?.();
          closed = true;
          for (const q of queue.splice(0)) q.delivered();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
