import { CHECKPOINT, type SourceItem } from '../pipeline/import-bills.js';

/**
 * A checkpoint after every `every` items, for sources that fetch each record with several
 * requests: without one the pipeline would hold up to a whole batch of fetched bills unwritten,
 * and a killed run would lose minutes of fetching.
 */
export async function* withCheckpoints(items: AsyncIterable<SourceItem>, every: number): AsyncGenerator<SourceItem> {
  let since = 0;
  for await (const item of items) {
    yield item;
    if (++since >= every) {
      since = 0;
      yield CHECKPOINT;
    }
  }
}
