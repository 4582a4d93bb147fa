/**
 * The ComicInfo.xml vocabulary as plain values and types, apart from the schemas in
 * comicinfo.ts: a pool thread reading a scan's archives needs the field names, not zod
 * (docs/packaging.md, "Start-up").
 */

/** The document's root element. */
export const COMICINFO_ROOT = 'ComicInfo';

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

/** A sparse set of field values; a missing key means "element absent". */
export type ComicInfoValues = Partial<Record<ComicInfoField, string>>;

/** A patch: a string sets the element, null removes it, a missing key leaves it alone. */
export type ComicInfoPatch = Partial<Record<ComicInfoField, string | null>>;
