import { z } from 'zod';

/**
 * Online identification (docs/identify.md): metadata providers, scored candidates, the review
 * queue. Credentials go *in* through `identify.credentials.set` and never come back out: a
 * window only learns whether a provider is configured.
 */

export const PROVIDER_NAMES = ['comicvine', 'metron', 'anilist'] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

export const MergePolicySchema = z.enum(['fill-empty', 'overwrite']);
export type MergePolicy = z.infer<typeof MergePolicySchema>;

/** Per-signal scores 0–1; null = the signal was not available for this pair (no weight). */
export const ScoreSignalsSchema = z.object({
  name: z.number(),
  number: z.number().nullable(),
  year: z.number().nullable(),
  pages: z.number().nullable(),
  cover: z.number().nullable(),
});
export type ScoreSignals = z.infer<typeof ScoreSignalsSchema>;

/** One possible match of a file: an issue (comics) or a series + chapter (AniList). */
export const CandidateSchema = z.object({
  provider: ProviderNameSchema,
  /** The provider's issue id (AniList: the media id). */
  issueId: z.string(),
  series: z.string(),
  number: z.string().nullable(),
  /** Cover year (issue), else the series' start year. */
  year: z.number().int().nullable(),
  startYear: z.number().int().nullable(),
  publisher: z.string().nullable(),
  coverUrl: z.string().nullable(),
  pageUrl: z.string().nullable(),
  score: z.number(),
  signals: ScoreSignalsSchema,
});
export type Candidate = z.infer<typeof CandidateSchema>;

/** The search a file was (or is re-) identified with: series + number + year (+ publisher). */
export const IdentifyQuerySchema = z.object({
  series: z.string().min(1).max(500),
  number: z.string().max(50).nullable().default(null),
  year: z.number().int().min(1800).max(2200).nullable().default(null),
  publisher: z.string().max(500).nullable().default(null),
});
export type IdentifyQuery = z.infer<typeof IdentifyQuerySchema>;

export const ReviewSchema = z.object({
  id: z.number().int(),
  fileId: z.number().int().nullable(),
  relPath: z.string(),
  jobId: z.string().nullable(),
  query: IdentifyQuerySchema,
  candidates: z.array(CandidateSchema),
  createdAt: z.number(),
});
export type Review = z.infer<typeof ReviewSchema>;

/** A choice from the review queue: apply this candidate to this file. */
export const IdentifyChoiceSchema = z.object({
  fileId: z.number().int(),
  provider: ProviderNameSchema,
  issueId: z.string().min(1).max(64),
  /** AniList has no issue records: the chapter number to write (the file's own, by default). */
  number: z.string().max(50).nullable().default(null),
  reviewId: z.number().int().nullable().default(null),
});
export type IdentifyChoice = z.infer<typeof IdentifyChoiceSchema>;

/** What an identify job item records in `actions` (CLI `--json` item lines, history). */
export const IdentifyItemResultSchema = z.object({
  state: z.enum(['applied', 'review', 'skipped', 'failed']),
  provider: ProviderNameSchema.nullable(),
  sourceId: z.string().nullable(),
  score: z.number().nullable(),
});
export type IdentifyItemResult = z.infer<typeof IdentifyItemResultSchema>;

export const ProviderStatusSchema = z.object({
  name: ProviderNameSchema,
  /** Credentials present (settings or environment); AniList needs none. */
  configured: z.boolean(),
  baseUrl: z.string(),
  /** Set while the provider's quota is spent: when requests may go out again (epoch ms). */
  blockedUntil: z.number().nullable(),
});
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;

export const CredentialsInputSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('comicvine'), apiKey: z.string().max(200).nullable() }).strict(),
  z.object({ provider: z.literal('metron'), user: z.string().max(200).nullable(), password: z.string().max(500).nullable() }).strict(),
]);
export type CredentialsInput = z.infer<typeof CredentialsInputSchema>;

const ReviewRef = z.object({ reviewId: z.number().int() }).strict();

export const IDENTIFY_COMMANDS = {
  'identify.providers': { input: z.object({}).strict().default({}), output: z.array(ProviderStatusSchema) },
  /** Stores (null: removes) a provider's credentials, encrypted where the host can. */
  'identify.credentials.set': { input: CredentialsInputSchema, output: z.array(ProviderStatusSchema) },
  /** Files waiting for a human choice, oldest first. */
  'identify.reviews.list': {
    input: z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict().default({ offset: 0, limit: 100 }),
    output: z.object({ total: z.number().int(), reviews: z.array(ReviewSchema) }),
  },
  /** Search again by hand; the review's candidates are replaced by the new ones. */
  'identify.reviews.search': { input: ReviewRef.extend({ query: IdentifyQuerySchema }).strict(), output: ReviewSchema },
  'identify.reviews.skip': { input: ReviewRef, output: z.null() },
  /** A candidate's cover (image host, cached) as base64, for the side-by-side view. */
  'identify.cover': {
    input: z.object({ url: z.string().url().max(2000) }).strict(),
    output: z.object({ mime: z.string(), dataBase64: z.string() }).nullable(),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
