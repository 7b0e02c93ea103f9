/** A row of `sources`, as adapters see it. */
export type SourceRecord = {
  id: string;
  kind: string;
  name: string;
  jurisdictionId: string | null;
  settings: Record<string, unknown>;
  cursor: Record<string, unknown>;
};
