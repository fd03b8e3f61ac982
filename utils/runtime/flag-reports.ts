/**
 * "This flag is wrong" reports: kept on this device only (`local:flagReports`),
 * exported as a file from the options page for knowledge curators. Never sent anywhere.
 */
import { storage } from 'wxt/utils/storage';
import type { FindingClass } from '../engine/types';

export interface FlagReport {
  claim: string;
  class: FindingClass;
  sentence: string;
  url: string;
  knowledgeHash: string;
  /** ms since epoch */
  at: number;
}

export const FLAG_REPORTS_KEY = 'local:flagReports' as const;
const MAX_REPORTS = 500;

function isFlagReport(v: unknown): v is FlagReport {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.claim === 'string' &&
    typeof r.class === 'string' &&
    typeof r.sentence === 'string' &&
    typeof r.url === 'string' &&
    typeof r.at === 'number'
  );
}

export async function getFlagReports(): Promise<FlagReport[]> {
  const raw = await storage.getItem<unknown[]>(FLAG_REPORTS_KEY);
  return Array.isArray(raw) ? raw.filter(isFlagReport) : [];
}

/** Adds a report; the same sentence flagged twice on the same page counts once. Oldest dropped past 500. */
export async function addFlagReport(report: FlagReport): Promise<void> {
  const reports = await getFlagReports();
  const dup = reports.some((r) => r.claim === report.claim && r.sentence === report.sentence && r.url === report.url);
  if (dup) return;
  reports.push({ ...report, sentence: report.sentence.slice(0, 2000), url: report.url.slice(0, 2000) });
  await storage.setItem(FLAG_REPORTS_KEY, reports.slice(-MAX_REPORTS));
}

export async function clearFlagReports(): Promise<void> {
  await storage.removeItem(FLAG_REPORTS_KEY);
}
