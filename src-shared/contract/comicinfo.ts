import { z } from 'zod';

/**
 * ComicInfo.xml v2.0/v2.1 simple fields, in XSD sequence order (the order we emit known
 * elements in when a document has none yet). Values are kept as strings, exactly as in the XML;
 * typed helpers live in core. `Pages` is structured and never edited through this map.
 */
export const COMICINFO_FIELDS = [
  'Title', 'Series', 'Number', 'Count', 'Volume', 'AlternateSeries', 'AlternateNumber',
  'AlternateCount', 'Summary', 'Notes', 'Year', 'Month', 'Day', 'Writer', 'Penciller', 'Inker',
  'Colorist', 'Letterer', 'CoverArtist', 'Editor', 'Translator', 'Publisher', 'Imprint', 'Genre',
  'Tags', 'Web', 'PageCount', 'LanguageISO', 'Format', 'BlackAndWhite', 'Manga', 'Characters',
  'Teams', 'Locations', 'ScanInformation', 'StoryArc', 'StoryArcNumber', 'SeriesGroup',
  'AgeRating', 'CommunityRating', 'MainCharacterOrTeam', 'Review', 'GTIN',
] as const;

export type ComicInfoField = (typeof COMICINFO_FIELDS)[number];
export const ComicInfoFieldSchema = z.enum(COMICINFO_FIELDS);

/** A sparse set of field values; a missing key means "element absent". */
export const ComicInfoValuesSchema = z.partialRecord(ComicInfoFieldSchema, z.string());
export type ComicInfoValues = z.infer<typeof ComicInfoValuesSchema>;

/** A patch: a string sets the element, null removes it, a missing key leaves it alone. */
export const ComicInfoPatchSchema = z.partialRecord(ComicInfoFieldSchema, z.string().nullable());
export type ComicInfoPatch = z.infer<typeof ComicInfoPatchSchema>;
