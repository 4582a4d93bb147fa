import { COMICINFO_FIELDS, COMICINFO_ROOT } from '../../../src-shared/contract/comicinfo-fields.ts';
import type { ComicInfoField, ComicInfoPatch, ComicInfoValues } from '../../../src-shared/contract/comicinfo-fields.ts';
import { ATTRIBUTES, TEXT, elementName, rootChildren, rootElement } from './comicinfo-document.ts';
import type { ComicInfoDocument, XmlNode } from './comicinfo-document.ts';
import { xmlSafe } from './xml-chars.ts';

const FIELD_SET: ReadonlySet<string> = new Set(COMICINFO_FIELDS);

/** XSD sequence including the structured <Pages> (between AgeRating and CommunityRating). */
const XSD_ORDER: readonly string[] = [
  ...COMICINFO_FIELDS.slice(0, COMICINFO_FIELDS.indexOf('AgeRating') + 1),
  'Pages',
  ...COMICINFO_FIELDS.slice(COMICINFO_FIELDS.indexOf('AgeRating') + 1),
];

function xsdIndex(name: string | null): number {
  return name === null ? -1 : XSD_ORDER.indexOf(name);
}

/** Text of a simple element; null when it has child elements (not a simple field). */
function simpleText(node: XmlNode, name: string): string | null {
  const children = node[name] as XmlNode[];
  let text = '';
  for (const child of children) {
    if (elementName(child) !== null) return null;
    if (TEXT in child) text += String(child[TEXT]);
  }
  return text;
}

/** Known simple fields as strings; the first occurrence wins if a writer duplicated one. */
export function getValues(doc: ComicInfoDocument): ComicInfoValues {
  const values: ComicInfoValues = {};
  for (const node of rootChildren(doc)) {
    const name = elementName(node);
    if (name === null || !FIELD_SET.has(name) || name in values) continue;
    const text = simpleText(node, name);
    if (text !== null) values[name as ComicInfoField] = text;
  }
  return values;
}

function textElement(name: string, value: string): XmlNode {
  // A folder name can carry control characters; XML cannot (xml-chars.ts).
  return { [name]: [{ [TEXT]: xmlSafe(value) }] };
}

/** Index at which a new known element keeps XSD order relative to the known ones present. */
function insertionIndex(children: XmlNode[], field: string): number {
  const rank = xsdIndex(field);
  let afterLastKnown = -1;
  for (let i = 0; i < children.length; i++) {
    const other = xsdIndex(elementName(children[i] as XmlNode));
    if (other < 0) continue;
    if (other > rank) return i;
    afterLastKnown = i + 1;
  }
  return afterLastKnown >= 0 ? afterLastKnown : children.length;
}

/**
 * Apply a patch to a copy of the document: a string replaces the element's text where it
 * stands, a new element is placed in XSD order among the known ones, and null or '' removes
 * it (empty elements are never written). Everything else is left exactly as it was.
 */
export function applyPatch(doc: ComicInfoDocument, patch: ComicInfoPatch): ComicInfoDocument {
  const next: ComicInfoDocument = structuredClone(doc);
  const root = rootElement(next);
  let children = root[COMICINFO_ROOT] as XmlNode[];
  for (const field of COMICINFO_FIELDS) {
    if (!(field in patch)) continue;
    const value = patch[field];
    const existing = children.findIndex((n) => elementName(n) === field);
    // Duplicates of the field (broken writers) go; only the first keeps its place.
    children = children.filter((n, i) => i === existing || elementName(n) !== field);
    if (value === null || value === undefined || value === '') {
      if (existing >= 0) children = children.filter((n) => elementName(n) !== field);
    } else if (existing >= 0) {
      const at = children.findIndex((n) => elementName(n) === field);
      const attributes = (children[at] as XmlNode)[ATTRIBUTES];
      children[at] = attributes ? { ...textElement(field, value), [ATTRIBUTES]: attributes } : textElement(field, value);
    } else {
      children.splice(insertionIndex(children, field), 0, textElement(field, value));
    }
  }
  root[COMICINFO_ROOT] = children;
  return next;
}

export function valuesEqual(a: ComicInfoValues, b: ComicInfoValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<ComicInfoField>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** True when applying the patch would not change any value ("already normalized"). */
export function patchIsNoop(doc: ComicInfoDocument, patch: ComicInfoPatch): boolean {
  const before = getValues(doc);
  return valuesEqual(before, getValues(applyPatch(doc, patch)));
}
