/**
 * The source ID an identified file carries (docs/identify.md): `<Web>` = the issue's page URL
 * and `<Notes>` containing `[Issue ID <id>]`, ComicTagger's convention ("Tagged with
 * ComicTagger … using info from Comic Vine on … [Issue ID 140529]"), so each tool re-identifies
 * the other's files with one lookup instead of a search.
 */
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { ProviderName } from '../../../src-shared/contract/identify.ts';
import type { Provider } from './provider-types.ts';

const ISSUE_ID = /\[(?:Issue|CVDB|Metron|AniList) ?ID[ :#]*(\d+)\]/iu;
const FROM_LABEL = /using info from (Comic ?Vine|Metron|AniList)/iu;

export interface SourceId {
  provider: ProviderName;
  issueId: string;
}

function providerOfLabel(label: string): ProviderName {
  const l = label.toLowerCase().replace(/\s/gu, '');
  return l === 'metron' ? 'metron' : l === 'anilist' ? 'anilist' : 'comicvine';
}

/** The stored source, if any: a `<Web>` URL a known provider recognizes, else the `<Notes>` tag. */
export function findSourceId(values: ComicInfoValues, providers: readonly Provider[]): SourceId | null {
  for (const web of (values.Web ?? '').split(/\s+/u).filter(Boolean)) {
    for (const provider of providers) {
      const issueId = provider.issueIdFromUrl(web);
      if (issueId) return { provider: provider.name, issueId };
    }
  }
  const notes = values.Notes ?? '';
  const id = ISSUE_ID.exec(notes)?.[1];
  if (!id) return null;
  // No "using info from": ComicTagger's default source, Comic Vine.
  return { provider: providerOfLabel(FROM_LABEL.exec(notes)?.[1] ?? 'Comic Vine'), issueId: id };
}

/** `<Notes>` with our tag in place of any earlier one, other text kept. */
export function notesWithSource(notes: string | undefined, label: string, issueId: string): string {
  const tag = `Identified by Longbox using info from ${label} [Issue ID ${issueId}]`;
  const kept = (notes ?? '')
    .replace(/(?:Identified by Longbox|Tagged with ComicTagger)[^[\]]*\[(?:Issue|CVDB|Metron|AniList) ?ID[ :#]*\d+\]/giu, '')
    .replace(ISSUE_ID, '')
    .trim();
  return kept ? `${kept}\n${tag}` : tag;
}
