import { useEffect, useState } from 'react';
import type { Settings } from '../../src-shared/contract/settings.ts';
import type { SettingsPreview } from '../../src-shared/contract/settings-preview.ts';
import { errorText } from '../state/store-deps.ts';
import type { LibraryState } from '../state/library-store.ts';
import { useCall, useStores } from './stores-context.tsx';

const DEBOUNCE_MS = 150;

/** The file the preview shows: the one selected, else the first row of the library list. */
function previewFileId({ selected, pages }: LibraryState): number | null {
  if (selected.size === 1) return [...selected][0]!;
  return pages[0]?.[0]?.id ?? null;
}

/** Asks the core what Process would do with the candidate settings, as the user types. */
export function useSettingsPreview(candidate: Partial<Settings> | null): { preview: SettingsPreview | null; error: string | null } {
  const call = useCall();
  const library = useStores().library;
  const [preview, setPreview] = useState<SettingsPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(candidate);
  useEffect(() => {
    if (!candidate) return;
    let current = true;
    const timer = setTimeout(() => {
      call('settings.preview', { settings: candidate, fileId: previewFileId(library.getState()) })
        .then((result) => {
          if (!current) return;
          setPreview(result);
          setError(null);
        })
        .catch((e: unknown) => current && setError(errorText(e)));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` is the candidate's content; the object itself is new on every render.
  }, [key]);
  return { preview, error };
}
