/**
 * Everything an identify job does to one file, also used by dry runs: read the file's facts
 * (worker pool), identify it (a review choice, a stored source ID, or a search), and when there
 * is a match write the mapped fields through the `edit` operation — the same journaled,
 * verified, undoable write path as every other metadata change (docs/identify.md).
 */
import type { IdentifyChoice, MergePolicy, ProviderName } from '../../../src-shared/contract/identify.ts';
import type { Candidate, IdentifyQuery } from '../../../src-shared/contract/identify.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { OperationItem, OperationOutcome } from '../operations/operation-types.ts';
import type { FileFacts } from './file-facts.ts';
import { identifyFile, providersFor, type Identification, type IdentifyServices } from './identify-file.ts';
import { identifyPatch } from './comicinfo-mapping.ts';
import { formatResult } from './item-result.ts';
import type { Provider } from './provider-types.ts';

export interface ItemServices extends IdentifyServices {
  readFacts: (absPath: string) => Promise<FileFacts>;
  /** The `edit` operation on the pool (dry-run or not). */
  runEdit: (item: OperationItem, dryRun: boolean) => Promise<OperationOutcome>;
}

export interface ItemOptions {
  providers: readonly Provider[];
  requested: ProviderName | null;
  choice: IdentifyChoice | undefined;
  threshold: number;
  merge: MergePolicy;
  dryRun: boolean;
}

/** The outcome as the job records it, plus a review to queue (the runner writes it with the item). */
export interface IdentifyOutcome {
  outcome: OperationOutcome;
  review: { query: IdentifyQuery; candidates: Candidate[] } | null;
  /** True when the file no longer needs review (matched). */
  resolved: boolean;
}

async function identification(facts: FileFacts, services: ItemServices, options: ItemOptions): Promise<Identification> {
  const { choice } = options;
  if (choice) {
    const provider = options.providers.find((p) => p.name === choice.provider);
    if (!provider) throw new LongboxError('PROVIDER_NOT_CONFIGURED', `${choice.provider} has no credentials; add them in Settings.`);
    return { state: 'match', provider, issue: await provider.getIssue(choice.issueId, choice.number ?? facts.number), score: 1, direct: true };
  }
  return identifyFile(facts, providersFor(facts, options.providers, options.requested), services, options.threshold);
}

/** Throws QuotaSpentError (the job pauses, the item stays pending); other errors fail the item. */
export async function identifyItem(item: OperationItem, absPath: string, services: ItemServices, options: ItemOptions): Promise<IdentifyOutcome> {
  const facts = await services.readFacts(absPath);
  const found = await identification(facts, services, options);
  if (found.state === 'skipped') {
    return { outcome: { state: 'skipped', actions: [formatResult({ state: 'skipped', provider: null, sourceId: null, score: null }, found.reason)] }, review: null, resolved: false };
  }
  if (found.state === 'review') {
    const best = found.candidates[0];
    const line = formatResult(
      { state: 'review', provider: best?.provider ?? null, sourceId: best?.issueId ?? null, score: best?.score ?? null },
      `${found.candidates.length} candidate${found.candidates.length === 1 ? '' : 's'}, none clear enough to apply`,
    );
    return { outcome: { state: 'skipped', actions: [line] }, review: { query: found.query, candidates: found.candidates }, resolved: false };
  }
  const patch = identifyPatch(facts.values, found.issue, found.provider.label, options.merge);
  const outcome = await services.runEdit({ ...item, patch }, options.dryRun);
  const line = formatResult(
    { state: 'applied', provider: found.provider.name, sourceId: found.issue.issueId, score: found.score },
    `${found.issue.series} #${found.issue.number ?? '?'} from ${found.provider.label}${found.direct ? ' (stored ID)' : ''}`,
  );
  if (outcome.state === 'failed') return { outcome, review: null, resolved: false };
  return { outcome: { ...outcome, actions: [line, ...(outcome.actions ?? [])] }, review: null, resolved: true };
}
