/**
 * `settings.preview`: what Process would name one file, and which Title it would give it, with
 * settings the user has not saved yet. It runs the same dry-run as the job and `longbox inspect`,
 * so the preview cannot drift from what a real run does. Runs on the worker pool.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { SettingsPreview } from '../../../src-shared/contract/settings-preview.ts';
import { validateTemplate } from '../naming/template.ts';
import { relPathOf } from '../library/library-paths.ts';
import { runOperation } from './run-operation.ts';

/** The file to preview on, as the main thread resolved it (inside its root). */
export interface PreviewTarget {
  file: { id: number; name: string };
  rootPath: string;
  absPath: string;
}

export async function previewSettings(settings: Settings, target: PreviewTarget | null): Promise<SettingsPreview> {
  const file = target && { id: target.file.id, name: target.file.name };
  const templates = [
    [settings.fileNameTemplate, 'fileName'],
    [settings.volumeFileNameTemplate, 'volumeFileName'],
    [settings.titleTemplate, 'title'],
  ] as const;
  for (const [template, kind] of templates) {
    const checked = validateTemplate(template, kind);
    if (!checked.ok) return { valid: false, file, fileName: null, title: null, error: checked.error };
  }
  if (!target) return { valid: true, file, fileName: null, title: null };

  const { size, mtimeMs } = await stat(target.absPath);
  const outcome = await runOperation(
    'process',
    { fileId: target.file.id, rootPath: target.rootPath, relPath: relPathOf(target.rootPath, target.absPath), expected: { size, mtimeMs } },
    // A dry-run never touches the journal folder.
    { settings, journalDir: path.join(os.tmpdir(), 'longbox-preview-unused'), dryRun: true },
  );
  const values = outcome.after?.values ?? outcome.before?.values ?? {};
  const preview: SettingsPreview = {
    valid: true,
    file,
    fileName: path.basename(outcome.newAbsPath ?? target.absPath),
    title: values.Title ?? null,
  };
  if (outcome.code) preview.error = { code: outcome.code, message: outcome.message ?? outcome.code };
  return preview;
}
