/**
 * How an identify item's result is recorded: the first of the item's `actions`, readable in the
 * job history and parsed back by the CLI's `--json` item lines (docs/identify.md: state, provider,
 * sourceId, score). Review and "nothing to do" are `skipped` job items; this line tells them apart.
 */
import { ProviderNameSchema, type IdentifyItemResult } from '../../../src-shared/contract/identify.ts';

const PREFIX = 'identify:';

export function formatResult(result: IdentifyItemResult, detail = ''): string {
  const parts = [`${PREFIX}${result.state}`];
  if (result.provider) parts.push(`provider=${result.provider}`);
  if (result.sourceId) parts.push(`id=${result.sourceId}`);
  if (result.score !== null) parts.push(`score=${result.score}`);
  return detail ? `${parts.join(' ')} — ${detail}` : parts.join(' ');
}

export function parseResult(actions: readonly string[], itemState: 'done' | 'skipped' | 'failed'): IdentifyItemResult {
  const line = actions.find((a) => a.startsWith(PREFIX));
  const fields = new Map((line?.split(' — ')[0] ?? '').split(' ').slice(1).map((p) => p.split('=') as [string, string]));
  const state = /^identify:(applied|review|skipped|failed)/u.exec(line ?? '')?.[1] as IdentifyItemResult['state'] | undefined;
  const provider = ProviderNameSchema.safeParse(fields.get('provider'));
  const score = Number(fields.get('score'));
  return {
    state: itemState === 'failed' ? 'failed' : (state ?? (itemState === 'done' ? 'applied' : 'skipped')),
    provider: provider.success ? provider.data : null,
    sourceId: fields.get('id') ?? null,
    score: fields.has('score') && Number.isFinite(score) ? score : null,
  };
}
