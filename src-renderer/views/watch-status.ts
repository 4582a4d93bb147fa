import type { Root } from '../../src-shared/contract/library.ts';
import type { RootWatchState } from '../../src-shared/contract/watch.ts';

/** One line on how a folder is watched right now, e.g. "Watching · 2 files settling". */
export function watchStatusText(root: Root, state: RootWatchState | undefined): string {
  if (!state || state.state === 'off') return 'Not watched';
  const settling = state.pending ? ` · ${state.pending} ${state.pending === 1 ? 'file' : 'files'} settling` : '';
  switch (state.state) {
    case 'watching':
      return `Watching${settling}`;
    case 'polling':
      return `Polling every ${root.pollMinutes} min${state.network ? ' (network share)' : ''}${settling}`;
    case 'catching-up':
      return `Catching up: ${state.reason ?? 'rescanning'}${settling}`;
    case 'failed':
      return `Watch failed: ${state.reason ?? 'unknown error'}${settling}`;
  }
}
