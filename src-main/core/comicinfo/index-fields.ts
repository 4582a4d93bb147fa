import { COMICINFO_FIELDS, COMICINFO_ROOT, type ComicInfoField, type ComicInfoValues } from '../../../src-shared/contract/comicinfo-fields.ts';

const FIELD_SET: ReadonlySet<string> = new Set(COMICINFO_FIELDS);
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/**
 * One tag at `lastIndex` (sticky: matched in place, no copy of the rest of the text): name,
 * attributes (quoted values without `<`), optional self-closing slash.
 */
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=/g;
const DECLARATION = /^\uFEFF?\s*(<\?xml\s[^?<>]*\?>)?\s*/;

/** Attributes are skipped, but only well-formed ones: no repeated name, no entity in a value. */
function plainAttributes(attributes: string): boolean {
  // Most tags have none.
  if (!attributes) return true;
  if (attributes.includes('&')) return false;
  const names = [...attributes.matchAll(ATTRIBUTE)].map((m) => m[1]);
  return new Set(names).size === names.length;
}

function decodeText(raw: string): string | null {
  if (!raw.includes('&')) return raw;
  let ok = true;
  const text = raw.replace(/&([^;&\s]*);?/g, (match, name: string) => {
    const value = match.endsWith(';') ? XML_ENTITIES[name] : undefined;
    if (value === undefined) ok = false;
    return value ?? '';
  });
  return ok ? text : null;
}

/**
 * The known simple fields of a ComicInfo.xml in one pass, for the scan's index reads — without
 * building the lossless document tree (`comicinfo-document.ts`), whose validate-then-parse
 * costs far more per file than reading the archive. Only a strict subset of XML is read here:
 * a declaration, one <ComicInfo> root, elements with quoted attributes, text with the five XML
 * entities. Anything else — comments, CDATA, DTDs, other entities or character references,
 * mismatched tags, stray text — returns null, and the caller parses with the full parser, which
 * stays the one authority on what is invalid or hostile (and gives the error codes).
 * The values match `getValues(parseComicInfo(xml))`: first occurrence wins, text as written,
 * elements with child elements are not simple fields.
 */
export function readIndexFields(xml: string): ComicInfoValues | null {
  if (xml.includes('<!') || xml.includes('<?', 1)) return null;
  let at = DECLARATION.exec(xml)![0].length;
  const values: ComicInfoValues = {};
  const stack: Array<{ name: string; text: string; children: boolean }> = [];
  let rootSeen = false;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const raw = xml.slice(at, lt < 0 ? xml.length : lt);
    // Inside an element text is kept as written (the full parser keeps it untrimmed); between
    // elements only layout whitespace may stand outside the root.
    if (stack.length) stack[stack.length - 1]!.text += raw;
    else if (raw.trim()) return null;
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(xml);
    if (!tag) return null;
    const [whole, closing, name, attributes, selfClosing] = tag as unknown as [string, string, string, string, string];
    if (!plainAttributes(attributes)) return null;
    at = lt + whole.length;
    if (closing) {
      if (selfClosing || whole.includes('=')) return null;
      const open = stack.pop();
      if (!open || open.name !== name) return null;
      if (stack.length === 1 && !open.children && FIELD_SET.has(name) && !(name in values)) {
        const text = decodeText(open.text);
        if (text === null) return null;
        values[name as ComicInfoField] = text;
      }
      continue;
    }
    if (!stack.length) {
      if (rootSeen || name !== COMICINFO_ROOT) return null;
      rootSeen = true;
    } else stack[stack.length - 1]!.children = true;
    if (selfClosing) {
      if (!stack.length) return null;
      if (stack.length === 1 && FIELD_SET.has(name) && !(name in values)) values[name as ComicInfoField] = '';
      continue;
    }
    stack.push({ name, text: '', children: false });
  }
  return rootSeen && !stack.length ? values : null;
}
