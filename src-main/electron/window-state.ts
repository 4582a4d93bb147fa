import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_SIZE = { width: 1280, height: 800 };

/** True when enough of the window (a 100 × 50 px grip) lies on some display's work area. */
function visible(bounds: Rectangle, areas: Rectangle[]): boolean {
  return areas.some(
    (a) => bounds.x + 100 <= a.x + a.width && bounds.x + bounds.width - 100 >= a.x && bounds.y >= a.y && bounds.y + 50 <= a.y + a.height,
  );
}

/**
 * The size and position the window had when it last closed (`<userData>/window-state.json`).
 * Anything unreadable, or a position on a display that is gone, falls back to the default
 * size, centred by the OS.
 */
export function loadWindowState(file: string): { bounds: Partial<Rectangle>; maximized: boolean } {
  let state: WindowState;
  try {
    state = WindowStateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  }
  const bounds = { x: state.x, y: state.y, width: state.width, height: state.height };
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  return visible(bounds, areas) ? { bounds, maximized: state.maximized } : { bounds: { width: state.width, height: state.height }, maximized: state.maximized };
}

/**
 * Saves the window's normal (un-maximized) bounds when it closes. Written to a temp file and
 * renamed over the old one, so a crash mid-write leaves the previous state, never half a file.
 */
export function rememberWindowState(window: BrowserWindow, file: string): void {
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    const state: WindowState = { x, y, width, height, maximized: window.isMaximized() };
    const temp = `${file}.tmp`;
    void writeFile(temp, JSON.stringify(state))
      .then(() => rename(temp, file))
      .catch(() => {
        // Losing a window position is not worth an error dialog.
      });
  });
}
