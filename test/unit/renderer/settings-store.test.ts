import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { humanMessage } from '../../../src-renderer/state/error-messages.ts';
import { startStoreHarness, type StoreHarness } from './store-harness.ts';

describe('settings store over a real core', () => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await startStoreHarness();
  });
  afterEach(async () => h.close());

  const settings = () => h.stores.settings.getState();

  it('loads and applies the theme through the injected document edge, and stamps a save', async () => {
    await settings().load();
    expect(h.themes).toEqual(['system']);
    expect(settings().savedAt).toBeNull();
    expect(await settings().save({ theme: 'dark', fileNameTemplate: '{series} #{number}' })).toBe(true);
    expect(h.themes.at(-1)).toBe('dark');
    expect(settings().savedAt).not.toBeNull();
    expect(settings().settings?.fileNameTemplate).toBe('{series} #{number}');
  });

  it('shows the human message of a refused save, never the validation text', async () => {
    expect(await settings().save({ fileNameTemplate: '' })).toBe(false);
    expect(settings().error).toBe(humanMessage('INVALID_INPUT'));
  });
});
