import { XMLValidator } from 'fast-xml-parser';
import type { ComicInfoProblem } from '../../../src-shared/contract/comicinfo-repair.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { parseComicInfo } from './comicinfo-document.ts';

const PROBLEM_CODES = new Set<string>(['COMICINFO_INVALID_XML', 'COMICINFO_FORBIDDEN_DTD', 'COMICINFO_TOO_LARGE']);

/**
 * Why `text` would be refused as ComicInfo.xml, or null when it parses: the same parser every
 * read and write uses (`parseComicInfo`), so what the repair view accepts is what a job accepts.
 * The line and column come from the validator, for the editor to put the cursor there.
 */
export function comicInfoProblem(text: string): ComicInfoProblem | null {
  try {
    parseComicInfo(text);
    return null;
  } catch (error) {
    if (!(error instanceof LongboxError) || !PROBLEM_CODES.has(error.code)) throw error;
    const valid = error.code === 'COMICINFO_INVALID_XML' ? XMLValidator.validate(text) : true;
    return {
      code: error.code as ComicInfoProblem['code'],
      // The validator's own words; the position goes in line/column, not in the sentence.
      message: valid === true ? error.message : `ComicInfo.xml is not well-formed: ${valid.err.msg}`,
      line: valid === true ? null : valid.err.line,
      column: valid === true ? null : valid.err.col,
    };
  }
}
