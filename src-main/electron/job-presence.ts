import { app, BrowserWindow, Menu, Notification, Tray, nativeImage } from 'electron';
import { isTerminal } from '../../src-shared/contract/job-policies.ts';
import { JOB_OUTCOME_LABELS, type JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import type { AppCore } from '../core/app-core.ts';
import { inProcessBridge } from '../core/contract/in-process-bridge.ts';
import { trayIconPath } from './app-icons.ts';

/**
 * The app's presence outside its windows while jobs run (docs/behaviour.md §4 "Tray and OS"): a tray menu
 * listing running jobs, the taskbar/dock progress, a native notification when a job completes
 * or fails while no window has focus, and staying alive in the tray when the last window closes.
 */
export class JobPresence {
  readonly #jobs = new Map<string, JobSnapshot>();
  readonly #tray: Tray;
  readonly #openWindow: () => BrowserWindow;
  readonly #unsubscribe: () => void;

  constructor(core: AppCore, assetsDir: string, openWindow: () => BrowserWindow) {
    this.#openWindow = openWindow;
    this.#tray = new Tray(nativeImage.createFromPath(trayIconPath(assetsDir)));
    this.#tray.setToolTip('Longbox');
    this.#tray.on('click', () => this.#focus());
    // The typed client over the contract, like every other host: no casts, inputs validated.
    const client = createContractClient(inProcessBridge(core));
    this.#unsubscribe = client.on('job.updated', (job) => this.#update(job));
    void client.invoke('jobs.active', {}).then((result) => {
      if (result.ok) for (const job of result.value.active) this.#update(job);
    });
    this.#render();
  }

  /** True while any job is queued, running or paused: closing the last window keeps the app. */
  get busy(): boolean {
    return this.#jobs.size > 0;
  }

  dispose(): void {
    this.#unsubscribe();
    this.#tray.destroy();
  }

  #update(job: JobSnapshot): void {
    const held = this.#jobs.get(job.id);
    if (held && held.seq >= job.seq) return;
    if (isTerminal(job.state)) {
      this.#jobs.delete(job.id);
      if (held && job.state !== 'cancelled') this.#notify(job);
    } else this.#jobs.set(job.id, job);
    this.#render();
  }

  #notify(job: JobSnapshot): void {
    if (BrowserWindow.getFocusedWindow() || !Notification.isSupported()) return;
    const body =
      job.state === 'failed'
        ? (job.lastError?.message ?? 'The job could not run.')
        : `${job.succeeded} done, ${job.skipped} skipped, ${job.failed} failed`;
    const note = new Notification({ title: `${job.title} — ${job.outcome ? JOB_OUTCOME_LABELS[job.outcome] : job.state}`, body });
    note.on('click', () => this.#focus());
    note.show();
  }

  #focus(): void {
    const window = BrowserWindow.getAllWindows()[0] ?? this.#openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  #render(): void {
    const running = [...this.#jobs.values()];
    const total = running.reduce((n, j) => n + j.total, 0);
    const done = running.reduce((n, j) => n + j.done, 0);
    // -1 removes the taskbar progress; a fraction shows it.
    const progress = running.length === 0 || total === 0 ? -1 : done / total;
    for (const window of BrowserWindow.getAllWindows()) window.setProgressBar(progress);
    if (process.platform === 'darwin') app.dock?.setBadge(running.length ? String(running.length) : '');
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        ...(running.length
          ? running.map((j) => ({
              label: `${j.title} — ${j.total ? Math.floor((100 * j.done) / j.total) : 0}%${j.state === 'paused' ? ' (paused)' : ''}`,
              click: () => this.#focus(),
            }))
          : [{ label: 'No jobs running', enabled: false }]),
        { type: 'separator' as const },
        { label: 'Show Longbox', click: () => this.#focus() },
        { label: 'Quit', click: () => app.quit() },
      ]),
    );
  }
}
