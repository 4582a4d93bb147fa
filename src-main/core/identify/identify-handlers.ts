/**
 * The `identify.*` contract commands (docs/identify.md). Applying a choice is not here: it is
 * an `identify` job with `choices` (`jobs.start`), so it is journaled, undoable and in the
 * history like every write.
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { IDENTIFY_COMMANDS } from '../../../src-shared/contract/identify.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import type { LibraryIndex } from '../library/index/library-index.ts';
import { resolveFile } from '../library/resolve-file.ts';
import type { RootsRepo } from '../library/roots-repo.ts';
import type { SettingsRepo } from '../settings/settings-repo.ts';
import type { Identification } from './identification.ts';
import { providersFor, searchCandidates } from './identify-file.ts';
import { providerStatuses } from './provider-registry.ts';
import { decide } from './score-candidates.ts';

type IdentifyHandlers = Pick<Handlers, keyof typeof IDENTIFY_COMMANDS>;

export function identifyHandlers(deps: { index: LibraryIndex; roots: RootsRepo; settings: SettingsRepo; identification: Identification; now: () => number }): IdentifyHandlers {
  const { identification: id } = deps;
  const statuses = () => providerStatuses(deps.settings.get(), id.credentials.get(), id.env, id.budget, deps.now());
  return {
    'identify.providers': () => statuses(),
    'identify.credentials.set': (input) => {
      id.credentials.set(input);
      return statuses();
    },
    'identify.reviews.list': ({ offset, limit }) => id.reviews.list(offset, limit),
    'identify.reviews.search': async ({ reviewId, query }) => {
      const review = id.reviews.get(reviewId);
      if (review.fileId === null) throw new LongboxError('NOT_FOUND', 'The file of this review is no longer in the library.');
      const file = await resolveFile(deps.index, deps.roots, review.fileId);
      const facts = await id.services.readFacts(file.absPath);
      const candidates = [];
      for (const provider of providersFor(facts, id.providers(), null)) candidates.push(...(await searchCandidates(facts, query, provider, id.services)));
      return id.reviews.replaceCandidates(reviewId, query, decide(candidates, deps.settings.get().identifyThreshold).ranked);
    },
    'identify.reviews.skip': ({ reviewId }) => {
      id.reviews.remove(reviewId);
      return null;
    },
    'identify.cover': async ({ url }) => {
      // Only covers of queued candidates: a window cannot make the core fetch any URL it likes.
      if (!id.reviews.hasCover(url)) throw new LongboxError('NOT_FOUND', 'No candidate in the review queue has this cover.');
      const image = await id.http.image(url);
      return image ? { mime: image.mime, dataBase64: image.bytes.toString('base64') } : null;
    },
  };
}
