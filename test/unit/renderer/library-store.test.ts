import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import type { LibraryFile } from '../../../src-shared/contract/library.ts';
import { provisionalGroups, rowAt } from '../../../src-renderer/state/library-store.ts';
import { buildLayout, lineOfRow } from '../../../src-renderer/views/library-layout.ts';
import { startStoreHarness, until, type StoreHarness } from './store-harness.ts';

describe('library store over a real core', () => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await startStoreHarness();
  });
  afterEach(async () => h.close());

  const library = () => h.stores.library.getState();
  const idle = () => until(h.stores.library, (s) => s.pages[0] !== undefined && !s.busy);

  it('adds a folder, then lists its files with counts and folder groups in list order', async () => {
    expect(await library().addRoot(h.library)).toBe(true);
    await idle();
    expect(library().total).toBe(SAMPLE_FILES.length);
    expect(library().counts.unprocessed).toBe(SAMPLE_FILES.length);
    const groups = library().groups;
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(SAMPLE_FILES.length);
    // A group's rows are contiguous in the grouped result: the header's count covers them.
    let offset = 0;
    for (const group of groups) {
      expect(rowAt(library(), offset)?.folder).toBe(group.folder);
      expect(rowAt(library(), offset + group.count - 1)?.folder).toBe(group.folder);
      offset += group.count;
    }
  });

  it('a grouped page is never shown ungrouped, and no row of it moves when the counted groups arrive', async () => {
    await library().addRoot(h.library);
    await idle();
    const seen: Array<Pick<ReturnType<typeof library>, 'groups' | 'total' | 'pages' | 'groupsProvisional'>> = [];
    const stop = h.stores.library.subscribe((s) => seen.push({ groups: s.groups, total: s.total, pages: s.pages, groupsProvisional: s.groupsProvisional }));
    library().setQuery({ search: 'a' });
    const done = await until(h.stores.library, (s) => s.pages[0] !== undefined && s.groups.length > 0 && !s.groupsProvisional && !s.busy);
    stop();
    const lines = (state: (typeof seen)[number]) => {
      const layout = buildLayout(state.total, state.groups, new Set(), 1);
      return state.pages[0]!.map((_, i) => lineOfRow(layout, i));
    };
    const final = lines(done);
    const shown = seen.filter((s) => s.pages[0] !== undefined);
    expect(shown.length).toBeGreaterThan(0);
    for (const state of shown) {
      expect(state.groups.length).toBeGreaterThan(0);
      expect(lines(state)).toEqual(final);
    }
  });

  it('provisional groups: one per run of a folder in the first page, the last spanning the rest of the result', () => {
    const row = (id: number, folder: string) => ({ id, rootId: 1, folder }) as LibraryFile;
    const page = [row(1, 'A'), row(2, 'A'), row(3, 'B'), row(4, 'B'), row(5, 'B')];
    const groups = provisionalGroups(page, 10);
    expect(groups).toEqual([
      { rootId: 1, folder: 'A', count: 2 },
      { rootId: 1, folder: 'B', count: 8 },
    ]);
    // The counted groups place the page's rows on the same lines.
    const counted = [
      { rootId: 1, folder: 'A', count: 2 },
      { rootId: 1, folder: 'B', count: 3 },
      { rootId: 1, folder: 'C', count: 5 },
    ];
    const at = (g: typeof counted) => page.map((_, i) => lineOfRow(buildLayout(10, g, new Set(), 1), i));
    expect(at(groups)).toEqual(at(counted));
  });

  it('matches series and number words, and the counts follow the search', async () => {
    await library().addRoot(h.library);
    library().setQuery({ search: 'saga 55' });
    const state = await until(h.stores.library, (s) => s.pages[0] !== undefined && s.counts.all === 1);
    expect(state.total).toBe(1);
    expect(rowAt(state, 0)?.name).toBe('Saga #055 (2018).cbz');
    library().setQuery({ search: 'saga #055' });
    expect((await until(h.stores.library, (s) => s.pages[0] !== undefined)).total).toBe(1);
  });

  it('selects all matching (loaded or not), a whole folder, a shift range, and says what the filter hides', async () => {
    await library().addRoot(h.library);
    library().setQuery({ search: 'chainsaw' });
    await until(h.stores.library, (s) => s.pages[0]?.length === 3);
    await library().selectAllMatching();
    expect(library().selected.size).toBe(3);

    // The selection outlives a new search; the ids that search matches tell what is hidden.
    library().setQuery({ search: 'saga' });
    await until(h.stores.library, (s) => s.pages[0] !== undefined && s.total === 2);
    const shown = new Set(await library().matchingIds());
    expect([...library().selected].filter((id) => !shown.has(id))).toHaveLength(3);

    library().clearSelection();
    library().setQuery({ search: '' });
    // The folder groups follow the first page.
    await until(h.stores.library, (s) => s.pages[0] !== undefined && s.groups.length > 0);
    const group = library().groups.find((g) => g.folder === 'One Piece')!;
    await library().selectFolder(group, true);
    expect(library().selected.size).toBe(group.count);
    await library().selectFolder(group, false);
    expect(library().selected.size).toBe(0);

    const [a, c] = [rowAt(library(), 0)!, rowAt(library(), 2)!];
    library().select(0, a, 'only');
    library().select(2, c, 'range');
    expect(library().selected.size).toBe(3);
  });

  it('re-reads after a job changes the library and after a reconnect', async () => {
    await library().addRoot(h.library);
    const job = await h.stores.jobs.getState().start({ kind: 'process', scope: { type: 'all', rootId: null } });
    expect(job).not.toBeNull();
    await until(h.stores.jobs, (s) => ['completed', 'failed'].includes(s.jobs[job!.id]!.state));
    // The library.changed event after the job's commits made the store re-read its counts.
    await until(h.stores.library, (s) => s.counts.processed > 0);
    h.stores.library.setState({ roots: [], lastChangeSeq: 99 });
    h.reconnect();
    await until(h.stores.library, (s) => s.roots.length === 1 && s.lastChangeSeq === 0);
  });

  it('keeps a human message for a failed command', async () => {
    expect(await library().addRoot('/no/such/folder/anywhere')).toBe(false);
    expect(library().error).not.toMatch(/✖|library\.roots/);
    expect(library().error).toBeTruthy();
  });
});
