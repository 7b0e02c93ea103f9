/** word-extractor 1.0.4 ships no types; the part of its API the text extractor uses. */
declare module 'word-extractor' {
  export type WordDocument = { getBody(): string; getFootnotes(): string; getHeaders(): string };
  export default class WordExtractor {
    extract(source: string | Buffer): Promise<WordDocument>;
  }
}
