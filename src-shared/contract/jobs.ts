import { z } from 'zod';
import { ComicInfoPatchSchema, ComicInfoValuesSchema } from './comicinfo.ts';
import { ErrorCodeSchema, ErrorInfoSchema } from './error-schemas.ts';
import { IdentifyChoiceSchema, ProviderNameSchema } from './identify.ts';
import { ReplaceComicInfoSchema } from './comicinfo-repair.ts';

/**
 * Durable background jobs (docs/behaviour.md §4). A job is created, persisted and run by the main process;
 * windows only watch it: they call `jobs.active`, then apply `job.updated` / `job.items` events
 * whose `seq` is higher than what they hold.
 */

export const JOB_STATES = ['queued', 'running', 'paused', 'interrupted', 'completed', 'failed', 'cancelled'] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;
export const TERMINAL_JOB_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export const JOB_KINDS = ['process', 'rename', 'normalize', 'edit', 'convert', 'move-duplicate', 'delete', 'keep-both', 'identify', 'undo', 'scan', 'noop'] as const;
export const JobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKindSchema>;

const FileIds = z.array(z.number().int()).min(1).max(1_000_000);

/** Which files a job covers; resolved into item rows when the job is created. */
export const JobScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all'), rootId: z.number().int().nullable().default(null) }).strict(),
  z.object({ type: z.literal('unprocessed'), rootId: z.number().int().nullable().default(null) }).strict(),
  z.object({ type: z.literal('selected'), fileIds: FileIds }).strict(),
]);
export type JobScope = z.infer<typeof JobScopeSchema>;

/** Test/bench only: a per-item no-op with optional delay and failures. Not offered by the CLI. */
export const NoopOptionsSchema = z
  .object({
    delayMs: z.number().int().min(0).max(600_000).default(0),
    /** Items whose file id is a multiple of this fail (0 = none). */
    failEvery: z.number().int().min(0).default(0),
  })
  .strict();
export type NoopOptions = z.infer<typeof NoopOptionsSchema>;

const priority = z.number().int().min(-100).max(100).default(0);

export const JobSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['process', 'rename', 'normalize', 'convert', 'move-duplicate']), scope: JobScopeSchema, priority }).strict(),
  /** Moves the files to the OS trash (never a permanent delete); not undoable. */
  z.object({ kind: z.literal('delete'), fileIds: FileIds, priority }).strict(),
  /** Duplicates kept beside the file they collide with, under the collided name plus " (2)"… */
  z.object({ kind: z.literal('keep-both'), fileIds: FileIds, priority }).strict(),
  /** `replaceComicInfo`: the XML the patch applies to instead of the file's own (a repair of a malformed one). */
  z.object({ kind: z.literal('edit'), fileIds: FileIds, patch: ComicInfoPatchSchema, replaceComicInfo: ReplaceComicInfoSchema.optional(), priority }).strict(),
  /** Undo a finished process/rename/normalize/edit job from its before-snapshots. */
  z.object({ kind: z.literal('undo'), jobId: z.string().uuid(), priority }).strict(),
  z.object({ kind: z.literal('scan'), rootId: z.number().int().nullable().default(null), priority }).strict(),
  /**
   * Identify files online (docs/identify.md). `provider` null: every configured provider.
   * A file with an entry in `choices` gets that candidate applied without a search (review queue).
   */
  z
    .object({
      kind: z.literal('identify'),
      scope: JobScopeSchema,
      provider: ProviderNameSchema.nullable().default(null),
      choices: z.array(IdentifyChoiceSchema).max(10_000).default([]),
      priority,
    })
    .strict(),
  z.object({ kind: z.literal('noop'), scope: JobScopeSchema, noop: NoopOptionsSchema.default({ delayMs: 0, failEvery: 0 }), priority }).strict(),
]);
export type JobSpec = z.infer<typeof JobSpecSchema>;
export type JobSpecInput = z.input<typeof JobSpecSchema>;

/**
 * How a finished job ended, as the user reads it: `finished-with-errors` is a completed job
 * some of whose items failed — never shown as a plain success. Null while the job is unfinished.
 */
export const JOB_OUTCOMES = ['succeeded', 'finished-with-errors', 'failed', 'cancelled'] as const;
export const JobOutcomeSchema = z.enum(JOB_OUTCOMES);
export type JobOutcome = z.infer<typeof JobOutcomeSchema>;
/** The words every surface (UI, CLI, notifications) uses for an outcome. */
export const JOB_OUTCOME_LABELS: Record<JobOutcome, string> = {
  succeeded: 'completed',
  'finished-with-errors': 'finished with errors',
  failed: 'failed',
  cancelled: 'cancelled',
};

export const JobSnapshotSchema = z.object({
  id: z.string(),
  kind: JobKindSchema,
  /** Human title, e.g. "Process unprocessed files"; used as the progress bar's accessible name. */
  title: z.string(),
  state: JobStateSchema,
  priority: z.number().int(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  total: z.number().int(),
  done: z.number().int(),
  succeeded: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  /** Per-job, strictly increasing with every committed change; apply only newer snapshots. */
  seq: z.number().int(),
  /** Why the job itself failed (not an item error). */
  lastError: ErrorInfoSchema.nullable(),
  cancelRequested: z.boolean(),
  pauseRequested: z.boolean(),
  interruptions: z.number().int(),
  /** False for a finished job until a window has shown its summary (`jobs.acknowledge`). */
  seen: z.boolean(),
  parentJobId: z.string().nullable(),
  /** A paused job that resumes by itself at this time (a provider's quota was spent), else null. */
  resumesAt: z.number().nullable(),
  outcome: JobOutcomeSchema.nullable(),
  /** The completed undo job that restored this job's files; an undone job offers no second undo. */
  undoneBy: z.string().nullable(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

export const ItemSnapshotSchema = z.object({
  relPath: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  values: ComicInfoValuesSchema,
});

export const JOB_ITEM_STATES = ['pending', 'running', 'done', 'skipped', 'failed'] as const;
export const JobItemStateSchema = z.enum(JOB_ITEM_STATES);
export type JobItemState = z.infer<typeof JobItemStateSchema>;

export const JobItemSchema = z.object({
  ordinal: z.number().int(),
  fileId: z.number().int().nullable(),
  /** The file's path when the job was created. */
  relPath: z.string(),
  state: JobItemStateSchema,
  error: ErrorInfoSchema.nullable(),
  before: ItemSnapshotSchema.nullable(),
  after: ItemSnapshotSchema.nullable(),
  actions: z.array(z.string()),
  finishedAt: z.number().nullable(),
});
export type JobItem = z.infer<typeof JobItemSchema>;

export const FieldDiffSchema = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type FieldDiff = z.infer<typeof FieldDiffSchema>;

/**
 * A preview row's outcome, counted in the preview's totals. `collide`: the target name is taken
 * — by a file on disk, or by another file of the same batch that maps to the same name.
 */
export const PREVIEW_OUTCOMES = ['write', 'rename', 'skip', 'fail', 'collide'] as const;
export const PreviewOutcomeSchema = z.enum(PREVIEW_OUTCOMES);
export type PreviewOutcome = z.infer<typeof PreviewOutcomeSchema>;

/** Items per outcome over the whole scope; a file that is written and renamed counts in both. */
export const PreviewTotalsSchema = z.object({
  write: z.number().int(),
  rename: z.number().int(),
  skip: z.number().int(),
  fail: z.number().int(),
  collide: z.number().int(),
});
export type PreviewTotals = z.infer<typeof PreviewTotalsSchema>;

/** One file of a dry run: what the operation would do, written nowhere. */
export const PreviewItemSchema = z.object({
  fileId: z.number().int().nullable(),
  relPath: z.string(),
  /** Set when the file would move (rename, duplicate move, CBR→CBZ). */
  newRelPath: z.string().nullable(),
  state: z.enum(['done', 'skipped', 'failed']),
  code: ErrorCodeSchema.nullable(),
  message: z.string().nullable(),
  diff: z.array(FieldDiffSchema),
  actions: z.array(z.string()),
  outcomes: z.array(PreviewOutcomeSchema),
  /** Another file of the batch that would get the same name (its current path). */
  collidesWith: z.string().nullable(),
});
export type PreviewItem = z.infer<typeof PreviewItemSchema>;

const JobRef = z.object({ jobId: z.string().uuid() }).strict();
const Page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) };

export const JOB_COMMANDS = {
  /** Creates the job (scope resolved into item rows now) and queues it; returns at once. */
  'jobs.start': { input: JobSpecSchema, output: JobSnapshotSchema },
  /**
   * Dry run of the operation over the whole scope (kept for paging), returning one page; writes
   * nothing. `problems`: only rows that fail, collide or are skipped for a reason. `total` counts
   * the rows of the filter, `scopeTotal` the whole scope; `totals` are over the whole scope.
   */
  'jobs.preview': {
    input: z.object({ spec: JobSpecSchema, filter: z.enum(['all', 'problems']).default('all'), ...Page }).strict(),
    output: z.object({
      total: z.number().int(),
      scopeTotal: z.number().int(),
      offset: z.number().int(),
      totals: PreviewTotalsSchema,
      items: z.array(PreviewItemSchema),
    }),
  },
  'jobs.get': { input: JobRef, output: JobSnapshotSchema },
  'jobs.list': {
    input: z.object({ states: z.array(JobStateSchema).optional(), ...Page }).strict().default({ offset: 0, limit: 100 }),
    output: z.object({ total: z.number().int(), jobs: z.array(JobSnapshotSchema) }),
  },
  'jobs.items': {
    /** `codes`: only items whose error (or skip reason) has one of these codes, e.g. TARGET_EXISTS for duplicates. */
    input: z.object({ jobId: z.string().uuid(), states: z.array(JobItemStateSchema).optional(), codes: z.array(ErrorCodeSchema).max(20).optional(), ...Page }).strict(),
    output: z.object({ total: z.number().int(), items: z.array(JobItemSchema) }),
  },
  /** What a window needs after (re)loading: unfinished jobs, and finished ones nobody has seen. */
  'jobs.active': {
    input: z.object({}).strict().default({}),
    output: z.object({ active: z.array(JobSnapshotSchema), unseen: z.array(JobSnapshotSchema) }),
  },
  'jobs.cancel': { input: JobRef, output: JobSnapshotSchema },
  'jobs.pause': { input: JobRef, output: JobSnapshotSchema },
  'jobs.resume': { input: JobRef, output: JobSnapshotSchema },
  /** A new job over the failed items of a finished job. */
  'jobs.retry': { input: JobRef, output: JobSnapshotSchema },
  /** A new job restoring the before-snapshots of a finished process/rename/normalize/edit job. */
  'jobs.undo': { input: JobRef.extend({ priority }).strict(), output: JobSnapshotSchema },
  'jobs.acknowledge': { input: JobRef, output: JobSnapshotSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const JOB_EVENTS = {
  /** A full snapshot after a commit; ≤ 10/s per job (coalesced), state changes at once. */
  'job.updated': JobSnapshotSchema,
  /** The item results of one committed batch, for the job detail view. */
  'job.items': z.object({ jobId: z.string(), seq: z.number().int(), items: z.array(JobItemSchema) }),
} as const satisfies Record<string, z.ZodType>;
