import { readFileSync } from 'node:fs';
import path from 'node:path';
import { factsPath, repoRoot } from '../../helpers/reference.js';

/** One `### L-NN · ...` entry of ../shared/facts/local-actions.md, as raw text. */
export interface FactEntry {
  key: string; // L-01
  heading: string;
  text: string;
  urls: string[];
  verification: 'VERIFIED' | 'PARTIAL' | null;
}

/** Parses the local-actions facts file into its entries (the file is read in place). */
export function readLocalActionFacts(): FactEntry[] {
  const markdown = readFileSync(factsPath('local-actions.md'), 'utf8');
  const sections = markdown.split(/^### /m).slice(1);
  return sections.map((section) => {
    const heading = section.split('\n')[0] ?? '';
    const key = /^(L-\d{2})\b/.exec(heading)?.[1];
    if (!key) throw new Error(`facts heading without an L-NN key: ${heading}`);
    const urls = [...section.matchAll(/https?:\/\/[^\s;]+/g)].map((m) => m[0].replace(/[.,]+$/, ''));
    const verification = /Verification:\s*(VERIFIED|PARTIAL)/.exec(section)?.[1] as FactEntry['verification'] | undefined;
    return { key, heading, text: section, urls, verification: verification ?? null };
  });
}

/** Policy ids from the table in ../shared/POLICIES.md (the policies are data, not code). */
export function readPolicyIds(): string[] {
  const markdown = readFileSync(path.resolve(repoRoot, '..', 'shared', 'POLICIES.md'), 'utf8');
  // Only the policy table: its header starts with `| id | policy |`; the status table follows.
  const table = markdown.slice(markdown.indexOf('| id |'), markdown.indexOf('## Where a jurisdiction stands'));
  return [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1] ?? '');
}
