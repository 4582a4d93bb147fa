import { useEffect, useRef, useState, type FormEvent } from 'react';
import { EMPTY_COMICINFO, type ComicInfoProblem, type MalformedComicInfo } from '../../src-shared/contract/comicinfo-repair.ts';
import type { ComicInfoPatch } from '../../src-shared/contract/comicinfo.ts';
import type { LibraryFile } from '../../src-shared/contract/library.ts';
import { errorText } from '../state/store-deps.ts';
import { EDITOR_OWNER } from './MetadataEditor.tsx';
import { useCall, useConfirm, useJobs, useUi } from './stores-context.tsx';

/** Where line `line`, column `column` (1-based) is in `text`, for the textarea's cursor. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

function problemText(problem: ComicInfoProblem): string {
  return problem.line === null ? problem.message : `${problem.message} — line ${problem.line}, column ${problem.column}`;
}

/**
 * The repair view of a ComicInfo.xml that does not parse (docs/ui.md "Repairing ComicInfo.xml"):
 * the raw text to edit, the parser's complaint with its line and column, and two ways out —
 * save the fixed text (main checks it first, then an `edit` job writes it), or replace it with
 * the values parsed from the file name. Both are jobs: journaled, undoable, in the history.
 */
export function ComicInfoRepair({ file, malformed, onSaved }: { file: LibraryFile; malformed: MalformedComicInfo; onSaved(): void }) {
  const call = useCall();
  const start = useJobs((s) => s.start);
  const ask = useConfirm((s) => s.ask);
  const setDirty = useUi((s) => s.setDirty);
  const [xml, setXml] = useState(malformed.xml);
  const [problem, setProblem] = useState<ComicInfoProblem | null>(malformed.problem);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const edited = xml !== malformed.xml;

  useEffect(() => setDirty(EDITOR_OWNER, edited), [edited, setDirty]);
  useEffect(() => () => setDirty(EDITOR_OWNER, false), [setDirty]);

  const showProblem = (found: ComicInfoProblem) => {
    setProblem(found);
    const area = textarea.current;
    if (area && found.line !== null && found.column !== null) {
      const at = offsetOf(xml, found.line, found.column);
      area.focus();
      area.setSelectionRange(at, at);
    }
  };

  const finish = async (replaceComicInfo: string, patch: ComicInfoPatch) => {
    setSaving(true);
    const job = await start({ kind: 'edit', fileIds: [file.id], patch, replaceComicInfo });
    setSaving(false);
    if (job) {
      setDirty(EDITOR_OWNER, false);
      onSaved();
    }
  };

  const saveFixed = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { problem: found } = await call('comicinfo.check', { xml });
      if (found) return showProblem(found);
      setProblem(null);
      await finish(xml, {});
    } catch (e) {
      setError(errorText(e));
    }
  };

  const fromName = malformed.fromFileName;
  const replaceFromName = async () => {
    const listed = Object.entries(fromName).map(([field, value]) => `${field} ${value}`).join(', ') || 'no values';
    const ok = await ask({
      title: `Replace the ComicInfo.xml of ${file.name}?`,
      body: `Its text is dropped and a new ComicInfo.xml is written with what the file name says (${listed}). Undo in the job history brings the old text back.`,
      confirmLabel: 'Replace ComicInfo.xml',
      cancelLabel: 'Cancel',
    });
    if (ok) await finish(EMPTY_COMICINFO, fromName);
  };

  return (
    <form className="comicinfo-repair" aria-label="Repair ComicInfo.xml" onSubmit={(e) => void saveFixed(e)}>
      <h3>ComicInfo.xml cannot be read</h3>
      <p id="repair-problem" className="job-error" role="status">
        {problem ? problemText(problem) : 'The text parses now; save it to write it into the file.'}
      </p>
      <label htmlFor="repair-xml">ComicInfo.xml</label>
      <textarea
        id="repair-xml"
        ref={textarea}
        className="xml-source"
        value={xml}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        rows={16}
        aria-describedby="repair-problem"
        aria-invalid={problem ? true : undefined}
        onChange={(e) => setXml(e.target.value)}
      />
      {error && <p role="alert">{error}</p>}
      <div className="dialog-actions">
        <button type="button" disabled={saving} onClick={() => void replaceFromName()}>
          Replace with values from the file name…
        </button>
        <button type="submit" className="primary" disabled={saving || !xml.trim()}>
          Save fixed XML
        </button>
      </div>
    </form>
  );
}
