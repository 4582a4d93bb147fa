import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The release workflow cannot run here (it needs GitHub's runners and the Electron download);
// this checks what it promises (docs/packaging.md, "Releases"): parsed as YAML, not grepped.
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string;
  strategy?: { matrix: { include: Array<{ os: string; builder: string }> } };
  steps: Step[];
}
const workflow = parse(readFileSync(fileURLToPath(new URL('../../../.github/workflows/release.yml', import.meta.url)), 'utf8')) as {
  on: { push: { tags: string[] } };
  jobs: Record<string, Job>;
};
const builderConfig = parse(readFileSync(fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url)), 'utf8')) as Record<
  string,
  { target?: unknown }
>;
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { scripts: Record<string, string> };

/** GitHub's own published actions, pinned to a major release. */
const PUBLISHED_ACTIONS = /^actions\/(checkout|setup-node|upload-artifact)@v\d+$/;

describe('.github/workflows/release.yml', () => {
  const installers = workflow.jobs.installers!;
  const steps = installers.steps;

  it('runs on version tags, on Windows, macOS and Linux runners', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(installers['runs-on']).toBe('${{ matrix.os }}');
    expect(installers.strategy!.matrix.include.map((m) => m.os).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
  });

  it('builds NSIS, dmg for x64 and arm64, AppImage and deb', () => {
    const builder = Object.fromEntries(installers.strategy!.matrix.include.map((m) => [m.os, m.builder]));
    expect(builder['windows-latest']).toMatch(/--win nsis/);
    expect(builder['macos-latest']).toMatch(/--mac dmg zip --x64 --arm64/);
    expect(builder['ubuntu-latest']).toMatch(/--linux AppImage deb/);
    expect(JSON.stringify(builderConfig.linux!.target)).toContain('AppImage');
    expect(JSON.stringify(builderConfig.linux!.target)).toContain('deb');
    expect(JSON.stringify(builderConfig.mac!.target)).toMatch(/dmg.*x64.*arm64/);
    expect(JSON.stringify(builderConfig.win!.target)).toContain('nsis');
  });

  it('runs the tests, then the Electron smoke test, before building and publishing', () => {
    const order = (match: (s: Step) => boolean) => steps.findIndex(match);
    const tests = order((s) => s.run === 'npm test');
    const smoke = steps.filter((s) => s.run?.includes('npm run test:electron'));
    const publish = order((s) => /electron-builder .*--publish always/.test(s.run ?? ''));
    expect(tests).toBeGreaterThan(0);
    // One smoke step per OS kind (Linux needs a virtual display), both on the same test file.
    expect(smoke.map((s) => s.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    for (const s of smoke) expect(order((x) => x === s)).toBeGreaterThan(tests);
    expect(publish).toBeGreaterThan(Math.max(...smoke.map((s) => order((x) => x === s))));
    expect(pkg.scripts['test:electron']).toContain('test/e2e-electron');
    // Publishing for electron-updater: the GitHub provider, and the draft made public at the end.
    expect(builderConfig.publish).toMatchObject({ provider: 'github' });
    expect(workflow.jobs.publish!.needs).toBe('installers');
    expect(workflow.jobs.publish!.steps.some((s) => s.run?.includes('--draft=false'))).toBe(true);
  });

  it('uses only published actions', () => {
    const used = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.uses).filter((u): u is string => !!u));
    expect(used.length).toBeGreaterThan(0);
    for (const action of used) expect(action).toMatch(PUBLISHED_ACTIONS);
  });
});
