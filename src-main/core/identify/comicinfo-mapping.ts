/**
 * Provider record → ComicInfo fields (the mapping table is in docs/identify.md). The merge
 * policy decides what happens to fields the file already has: `fill-empty` (default) writes
 * only empty ones, `overwrite` replaces them. The source ID (`<Web>`, the `<Notes>` tag) is
 * always written: it is what makes the next run a direct lookup.
 */
import type { ComicInfoField, ComicInfoPatch, ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { MergePolicy } from '../../../src-shared/contract/identify.ts';
import type { IssueDetails } from './provider-types.ts';
import { notesWithSource } from './source-id.ts';

export function mappedFields(issue: IssueDetails): Partial<Record<ComicInfoField, string>> {
  const fields: Partial<Record<ComicInfoField, string>> = {};
  const set = (field: ComicInfoField, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && String(value).trim() !== '') fields[field] = String(value).trim();
  };
  set('Series', issue.series);
  set('Number', issue.number);
  set('Volume', issue.startYear);
  set('Title', issue.title);
  set('Year', issue.year);
  set('Month', issue.month);
  set('Day', issue.day);
  set('Publisher', issue.publisher);
  for (const [role, people] of Object.entries(issue.credits)) set(role as ComicInfoField, people.join(', '));
  set('Summary', issue.summary);
  return fields;
}

export function identifyPatch(current: ComicInfoValues, issue: IssueDetails, label: string, policy: MergePolicy): ComicInfoPatch {
  const patch: ComicInfoPatch = {};
  for (const [field, value] of Object.entries(mappedFields(issue)) as Array<[ComicInfoField, string]>) {
    const existing = current[field]?.trim();
    if (policy === 'overwrite' || !existing) {
      if (existing !== value) patch[field] = value;
    }
  }
  if (issue.pageUrl && current.Web !== issue.pageUrl) patch.Web = issue.pageUrl;
  const notes = notesWithSource(current.Notes, label, issue.issueId);
  if (notes !== current.Notes) patch.Notes = notes;
  return patch;
}
