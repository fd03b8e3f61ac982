/** The unseen sentences: unseen-sentences.json and the files of later sweeps beside it (unseen-sentences-<sweep>.json). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingClass } from '../../utils/engine/types';

export interface UnseenCase {
  text: string;
  expect: (FindingClass | 'none')[];
  note: string;
  /** A known knowledge gap (reported to the editors): skipped, reason printed. */
  gap?: string;
}

export function unseenCases(): UnseenCase[] {
  return readdirSync(import.meta.dirname)
    .filter((f) => /^unseen-sentences(?:-[\w-]+)?\.json$/.test(f))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(import.meta.dirname, f), 'utf8')) as { sentences: UnseenCase[] }).sentences);
}
