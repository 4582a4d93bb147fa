/**
 * The ComicInfo tree back to text. Written by hand rather than with fast-xml-parser's builder
 * because its pretty-printer indents *inside* text values: a `<!-- comment -->` within a
 * `<Summary>` came out on its own indented line, changing the value. Here only element-only
 * content (the root, `<Pages>`) is re-indented; an element holding text keeps its children
 * (text and comments) exactly in place. Every character XML forbids is dropped on the way out,
 * so the output is well-formed XML 1.0 whatever the input held.
 */
import { ATTRIBUTES, COMMENT, TEXT, elementName } from './comicinfo-document.ts';
import type { ComicInfoDocument, XmlNode } from './comicinfo-document.ts';
import { xmlSafe } from './xml-chars.ts';

const INDENT = '  ';

export function serializeComicInfo(doc: ComicInfoDocument): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  for (const node of doc.nodes) if (!isBlankText(node)) lines.push(serializeNode(node, ''));
  return `${lines.join('\n')}\n`;
}

function serializeNode(node: XmlNode, indent: string): string {
  if (TEXT in node) return escapeText(String(node[TEXT]));
  if (COMMENT in node) return serializeComment(node);
  const name = elementName(node) as string;
  const open = `<${name}${serializeAttributes(node[ATTRIBUTES])}`;
  const children = node[name] as XmlNode[];
  if (children.length === 0) return `${open}/>`;
  if (!isElementOnly(children)) return `${open}>${children.map((c) => serializeNode(c, '')).join('')}</${name}>`;
  const inner = `${indent}${INDENT}`;
  const lines = children.filter((c) => !isBlankText(c)).map((c) => inner + serializeNode(c, inner));
  return `${open}>\n${lines.join('\n')}\n${indent}</${name}>`;
}

/**
 * Element-only content: child elements with nothing but layout whitespace between them. That
 * whitespace carries no data and is re-indented; any other text makes the content a value.
 */
function isElementOnly(children: XmlNode[]): boolean {
  return children.some((c) => elementName(c) !== null) && children.every((c) => !(TEXT in c) || isBlankText(c));
}

function isBlankText(node: XmlNode): boolean {
  return TEXT in node && String(node[TEXT]).trim() === '';
}

function serializeComment(node: XmlNode): string {
  const parts = node[COMMENT] as XmlNode[];
  const text = xmlSafe(parts.map((p) => String(p[TEXT] ?? '')).join(''))
    // `--` may not appear inside a comment, nor may it end with `-`.
    .replace(/--/g, '- -')
    .replace(/-$/, '- ');
  return `<!--${text}-->`;
}

function serializeAttributes(attributes: unknown): string {
  if (!attributes || typeof attributes !== 'object') return '';
  return Object.entries(attributes as Record<string, unknown>)
    .map(([key, value]) => ` ${key.replace(/^@_/, '')}="${escapeAttribute(String(value))}"`)
    .join('');
}

function escapeText(text: string): string {
  // `>` too, so that `]]>` can never appear in character data.
  // A raw CR would come back as LF (XML normalizes line ends), and the write would not verify.
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttribute(text: string): string {
  // Tab and line breaks as references: a parser would otherwise normalize them to spaces.
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
