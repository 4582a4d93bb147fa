/**
 * File-name and title templates (docs/behaviour.md §3.3): `{field}`, `{number:3}`, optional sections `<...>`.
 *
 * A template is parsed into parts before any value is looked at, so a value containing `{issue}`
 * or `<` is only ever text (the original expanded placeholders inside values).
 */
import { LongboxError, type ErrorInfo } from '../../../src-shared/contract/errors.ts';
import { formatNumber } from './number.ts';

/** Values a template can show. `number` is the `<Number>` text; `{number_raw}` shows it as is. */
export interface TemplateFields {
  series?: string | null;
  number?: string | null;
  title?: string | null;
  volume?: string | null;
  year?: string | null;
  month?: string | null;
  publisher?: string | null;
  count?: string | null;
}

/**
 * A title template must not read `{title}`: with "overwrite always" every normalize would wrap
 * the previous result again ("Chapter 5 - Chapter 5 - …").
 */
export type TemplateKind = 'fileName' | 'volumeFileName' | 'title';

export interface ExpandOptions {
  /** Default width of `{number}`/`{issue}`; 0 = no padding. */
  padding: number;
  kind?: TemplateKind;
}

type Source = keyof TemplateFields;

interface FieldSpec {
  source: Source;
  /** Width used when the template gives none: the padding setting, or never padded. */
  padding: 'setting' | 'none' | 'raw';
  /** Whether `{name:N}` is meaningful (numeric fields only). */
  widthAllowed: boolean;
}

const FIELDS: Readonly<Record<string, FieldSpec>> = {
  series: { source: 'series', padding: 'raw', widthAllowed: false },
  number: { source: 'number', padding: 'setting', widthAllowed: true },
  issue: { source: 'number', padding: 'setting', widthAllowed: true },
  number_raw: { source: 'number', padding: 'raw', widthAllowed: false },
  issue_no_pad: { source: 'number', padding: 'raw', widthAllowed: false },
  title: { source: 'title', padding: 'raw', widthAllowed: false },
  volume: { source: 'volume', padding: 'none', widthAllowed: true },
  year: { source: 'year', padding: 'raw', widthAllowed: false },
  month: { source: 'month', padding: 'none', widthAllowed: true },
  publisher: { source: 'publisher', padding: 'raw', widthAllowed: false },
  count: { source: 'count', padding: 'none', widthAllowed: true },
};

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string; spec: FieldSpec; width: number | null };

type Node = Part | { kind: 'section'; parts: Part[] };

const FIELD_BODY = /^([a-z_]+)(?::(\d{1,2}))?$/;

export function validateTemplate(
  template: string,
  kind: TemplateKind = 'fileName',
): { ok: true } | { ok: false; error: ErrorInfo } {
  try {
    parseTemplate(template, kind);
    return { ok: true };
  } catch (error) {
    if (error instanceof LongboxError) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

/**
 * Expands `template`. Empty fields outside sections become empty text; a section with any empty
 * field disappears. Whitespace is left as produced: file names are collapsed by the sanitizer,
 * titles by their caller. Throws NAME_INVALID for a template `validateTemplate` rejects.
 */
export function expandTemplate(template: string, fields: TemplateFields, options: ExpandOptions): string {
  const nodes = parseTemplate(template, options.kind ?? 'fileName');
  return nodes
    .map((node) => {
      if (node.kind !== 'section') return renderPart(node, fields, options.padding);
      if (node.parts.some((part) => part.kind === 'field' && isEmpty(fields[part.spec.source]))) return '';
      return node.parts.map((part) => renderPart(part, fields, options.padding)).join('');
    })
    .join('');
}

/**
 * Field names (as written) that are empty and outside any optional section: expanding would
 * leave a hole such as "- Chapter 0003". Callers use this to refuse a name or title.
 */
export function missingRequiredFields(template: string, fields: TemplateFields, kind: TemplateKind = 'fileName'): string[] {
  return parseTemplate(template, kind).flatMap((node) =>
    node.kind === 'field' && isEmpty(fields[node.spec.source]) ? [node.name] : [],
  );
}

function renderPart(part: Part, fields: TemplateFields, padding: number): string {
  if (part.kind === 'text') return part.text;
  const value = fields[part.spec.source];
  if (isEmpty(value)) return '';
  const trimmed = value.trim();
  if (part.width !== null) return formatNumber(trimmed, part.width);
  if (part.spec.padding === 'setting') return formatNumber(trimmed, padding);
  if (part.spec.padding === 'none') return formatNumber(trimmed, 0);
  return trimmed;
}

function isEmpty(value: string | null | undefined): value is null | undefined {
  return value === null || value === undefined || value.trim() === '';
}

function parseTemplate(template: string, kind: TemplateKind): Node[] {
  const nodes: Node[] = [];
  let section: Part[] | null = null;
  let text = '';
  const flushText = (): void => {
    if (text === '') return;
    (section ?? nodes).push({ kind: 'text', text });
    text = '';
  };

  for (let i = 0; i < template.length; i++) {
    const char = template[i] ?? '';
    if (char === '{') {
      const close = template.indexOf('}', i + 1);
      const body = close < 0 ? null : template.slice(i + 1, close);
      if (body === null || body.includes('{')) invalid(`"{" at position ${i + 1} is never closed`);
      flushText();
      (section ?? nodes).push(parseField(body, kind));
      i = close;
    } else if (char === '}') {
      invalid(`"}" at position ${i + 1} has no matching "{"`);
    } else if (char === '<') {
      if (section) invalid('optional sections "<...>" cannot be nested');
      flushText();
      section = [];
    } else if (char === '>') {
      if (!section) invalid(`">" at position ${i + 1} has no matching "<"`);
      flushText();
      nodes.push({ kind: 'section', parts: section });
      section = null;
    } else {
      text += char;
    }
  }
  if (section) invalid('an optional section "<" is never closed with ">"');
  flushText();

  if (kind === 'fileName' && !nodes.some((node) => shows(node, 'number'))) {
    // Without the number every chapter of a series gets the same name and all but one would
    // be reported as duplicates.
    invalid('a file-name template must contain {number} (or {number_raw}, {issue}, {issue_no_pad})');
  }
  if (kind === 'volumeFileName' && !nodes.some((node) => shows(node, 'volume'))) {
    invalid('a volume file-name template must contain {volume}');
  }
  return nodes;
}

function shows(node: Node, source: Source): boolean {
  if (node.kind === 'section') return node.parts.some((part) => shows(part, source));
  return node.kind === 'field' && node.spec.source === source;
}

function parseField(body: string, kind: TemplateKind): Part {
  const match = FIELD_BODY.exec(body.trim());
  const name = match?.[1];
  const spec = name === undefined ? undefined : FIELDS[name];
  if (!match || name === undefined || !spec) {
    invalid(`unknown field {${body}}; known fields: ${Object.keys(FIELDS).map((f) => `{${f}}`).join(' ')}`);
  }
  if (kind === 'title' && spec.source === 'title') invalid('the title template cannot use {title}');
  const width = match[2] === undefined ? null : Number(match[2]);
  if (width !== null && !spec.widthAllowed) invalid(`{${name}} does not take a width`);
  return { kind: 'field', name, spec, width };
}

function invalid(message: string): never {
  throw new LongboxError('NAME_INVALID', `Invalid template: ${message}`);
}
