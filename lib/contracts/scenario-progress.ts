import { z } from 'zod';
import { podSummarySchema } from './pods';
import { scenarioStaleUsesSchema } from './scenarios-api';
import { objectResultSchema } from './scenarios';
import { tokenIdSchema, tryResultSchema, whoamiResultSchema } from './tokens';

/** A walkthrough's saved progress may not be larger than this (JSON characters). */
export const MAX_PROGRESS_CHARS = 32 * 1024;
/** Timeline entries kept; the oldest go first. */
export const MAX_PROGRESS_EVENTS = 80;

const text = z.string().max(2000);
const stepKey = z.string().regex(/^\d{1,2}$/, 'must be a step index');
const tokenName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,40}$/);

const runSchema = z.object({
  scenario: z.string().max(63),
  action: z.enum(['apply', 'teardown', 'delete', 'grant']),
  results: z.array(objectResultSchema).max(50),
  ok: z.boolean(),
});

/** What a step's last run produced. Tokens appear by name or id, never as themselves. */
export const savedStepResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), run: runSchema }),
  z.object({ kind: z.literal('minted'), token: tokenName }),
  z.object({ kind: z.literal('refused'), status: z.number().int(), detail: text }),
  z.object({ kind: z.literal('try'), result: tryResultSchema }),
  z.object({ kind: z.literal('whoami'), result: whoamiResultSchema }),
  z.object({ kind: z.literal('watch'), token: tokenName, result: tryResultSchema.optional() }),
  z.object({ kind: z.literal('project') }),
  z.object({ kind: z.literal('reread'), token: tokenName, version: z.number().int() }),
  z.object({
    kind: z.literal('stale'),
    token: tokenName,
    result: tryResultSchema,
    uses: scenarioStaleUsesSchema,
    text,
  }),
  z.object({ kind: z.literal('error'), detail: text, status: z.number().int().optional() }),
]);

export const savedOutcomeSchema = z.object({
  verdict: z.enum(['expected', 'unexpected', 'waiting', 'failed']),
  at: z.number(),
  result: savedStepResultSchema,
});

export const savedProjectionSchema = z.object({
  mode: z.enum(['simulated', 'kubelet']),
  pod: podSummarySchema,
  source: z.object({
    volume: z.string().max(253),
    path: z.string().max(1000),
    filePath: z.string().max(2000).optional(),
    expirationSeconds: z.number().int(),
    audience: z.string().max(253).optional(),
    refreshAfterSeconds: z.number().int(),
  }),
  versions: z
    .array(z.object({ n: z.number().int(), tokenId: tokenIdSchema, receivedAt: z.number() }))
    .max(50),
  stopped: z.boolean(),
  error: text.optional(),
});

export const timelineEventSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  kind: z.enum(['minted', 'ok', 'denied', 'unauthorized', 'expired', 'revoked', 'changed', 'error']),
  badge: z.string().max(40),
  text: z.string().max(500),
});

// A JWT's first segment is base64url of `{"`: nothing shaped like one may be saved, whatever field
// a careless (or hostile) client puts it in. Held tokens are referenced by id only.
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\./;

/** `PUT /api/scenarios/{name}/progress`: the guided view's place, as the browser last saw it. */
export const scenarioProgressSchema = z
  .object({
    results: z.record(stepKey, savedOutcomeSchema),
    /** Step variables: token name → the id of a token held in this session's vault. */
    tokens: z.record(tokenName, tokenIdSchema),
    projections: z.record(stepKey, savedProjectionSchema),
    events: z.array(timelineEventSchema).max(MAX_PROGRESS_EVENTS),
  })
  .superRefine((p, ctx) => {
    const json = JSON.stringify(p);
    if (json.length > MAX_PROGRESS_CHARS) {
      ctx.addIssue({ code: 'custom', message: `is larger than ${MAX_PROGRESS_CHARS} characters` });
    }
    if (JWT_SHAPE.test(json)) ctx.addIssue({ code: 'custom', message: 'must not contain a token' });
  });
export type ScenarioProgress = z.infer<typeof scenarioProgressSchema>;
export type SavedOutcome = z.infer<typeof savedOutcomeSchema>;
export type SavedProjection = z.infer<typeof savedProjectionSchema>;

/** `GET`/`PUT` answer: the saved progress, when it was saved, and which session holds it. */
export const scenarioProgressStateSchema = z.object({
  progress: scenarioProgressSchema,
  /** Server time of the last save; 0 when nothing was saved in this session. */
  savedAt: z.number(),
  /**
   * When this session began. A browser that remembers another start time (and held tokens then)
   * knows the server restarted or the session ended, and that those tokens are gone.
   */
  sessionStartedAt: z.number(),
});
export type ScenarioProgressState = z.infer<typeof scenarioProgressStateSchema>;
