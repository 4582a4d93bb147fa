import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { COMICINFO_ROOT } from '../../../src-shared/contract/comicinfo-fields.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge, decodeComicInfoBytes } from './decode-comicinfo-bytes.ts';
import { xmlSafe } from './xml-chars.ts';

/**
 * A node in fast-xml-parser's ordered tree: `{ TagName: children[], ':@'?: attributes }`, or a
 * `{ '#text': string }` / `{ '#comment': [...] }` leaf. Keeping this shape untouched is what
 * makes unknown elements, `ty:`/`mh:` extras, <Pages> attributes and order round-trip.
 */
export type XmlNode = Record<string, unknown>;

export interface ComicInfoDocument {
  /** Top-level nodes in order: comments around the root, and the <ComicInfo> root itself. */
  nodes: XmlNode[];
}

export const ATTRIBUTES = ':@';
export const TEXT = '#text';
export const COMMENT = '#comment';

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Kept as written: whitespace around a comment inside a value is part of the value. Layout
  // whitespace between elements is dropped and re-indented by serialize-comicinfo.ts.
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  commentPropName: COMMENT,
  ignoreDeclaration: true,
  ignorePiTags: true,
} as const;

const parser = new XMLParser(XML_OPTIONS);

/** The element name of a node, or null for text and comments. */
export function elementName(node: XmlNode): string | null {
  for (const key of Object.keys(node)) {
    if (key !== ATTRIBUTES && key !== TEXT && key !== COMMENT) return key;
  }
  return null;
}

export function rootElement(doc: ComicInfoDocument): XmlNode {
  const root = doc.nodes.find((n) => elementName(n) === COMICINFO_ROOT);
  if (!root) throw new LongboxError('INTERNAL', 'ComicInfo document has no root');
  return root;
}

export function rootChildren(doc: ComicInfoDocument): XmlNode[] {
  return rootElement(doc)[COMICINFO_ROOT] as XmlNode[];
}

/**
 * Parse ComicInfo.xml from raw entry bytes or text. DTDs are refused outright (never expanded):
 * entity definitions are how "billion laughs" and external-entity attacks get in, and no
 * legitimate ComicInfo carries one.
 */
export function parseComicInfo(input: string | Uint8Array): ComicInfoDocument {
  const text = typeof input === 'string' ? input : decodeComicInfoBytes(input);
  if (typeof input === 'string' && Buffer.byteLength(text, 'utf8') > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new LongboxError('COMICINFO_FORBIDDEN_DTD', 'ComicInfo.xml contains a DTD or entity declaration');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new LongboxError('COMICINFO_INVALID_XML', `ComicInfo.xml is not well-formed: ${msg} (line ${line}:${col})`);
  }
  const nodes = dropForbiddenChars(parser.parse(text) as XmlNode[]);
  const roots = nodes.filter((n) => elementName(n) !== null);
  if (roots.length !== 1 || elementName(roots[0] as XmlNode) !== COMICINFO_ROOT) {
    throw new LongboxError('COMICINFO_INVALID_XML', `ComicInfo.xml must have a single <${COMICINFO_ROOT}> root element`);
  }
  return { nodes };
}

/**
 * Characters XML forbids (`&#1;`, or raw control characters our lenient validator lets
 * through) are dropped as the document is read, so the values we read are the values a
 * rewrite will hold and the write verifies.
 */
function dropForbiddenChars(nodes: XmlNode[]): XmlNode[] {
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node)) {
      if (key === TEXT) node[key] = xmlSafe(String(value));
      else if (key === ATTRIBUTES) {
        const attributes = value as Record<string, unknown>;
        for (const [name, attr] of Object.entries(attributes)) attributes[name] = xmlSafe(String(attr));
      } else if (Array.isArray(value)) dropForbiddenChars(value as XmlNode[]);
    }
  }
  return nodes;
}

/** A new, empty document with the root attributes ComicRack writes (and readers expect). */
export function emptyComicInfo(): ComicInfoDocument {
  return {
    nodes: [
      {
        [COMICINFO_ROOT]: [],
        [ATTRIBUTES]: {
          '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
        },
      },
    ],
  };
}
