import type { ChangeFeed } from './watch-port.ts';

/**
 * File-system events from @parcel/watcher (inotify, FSEvents, ReadDirectoryChangesW). Its
 * callback error (a backend failure, dropped events on some platforms) is reported, never
 * thrown: the root watcher answers it with a rescan. The native module is loaded on the first
 * subscription, so commands that never watch (`scan`, `run`, `jobs`) do not pay for it at start.
 */
export const parcelFeed: ChangeFeed = {
  async subscribe(folder, onPaths, onError) {
    const { default: watcher } = await import('@parcel/watcher');
    const subscription = await watcher.subscribe(folder, (error, events) => {
      if (error) onError(error);
      if (events.length) onPaths(events.map((e) => e.path));
    });
    return { close: () => subscription.unsubscribe() };
  },
};
