import { z } from "zod";
import { emailSchema } from "@/lib/merchants/validation";

/** Largest body the tracking endpoints read; anything longer is refused with 413 unread. */
export const MAX_BODY_BYTES = 8 * 1024;

// PostgreSQL refuses NUL in text and jsonb: letting one through would turn bad input into a 5xx.
const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes("\u0000"), "must not contain NUL characters");

const httpUrl = (max: number) =>
  text(max).refine((s) => {
    if (!/^https?:\/\//i.test(s)) return false;
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

export const publicKeySchema = z.string({ error: "key is required" }).min(1, "key is required").max(100);

/** The script makes ids of 9+ characters from [0-9a-z]; other clients may pick their own. */
export const trackingIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "tid must be 8–64 letters, digits, - or _");

export const visitSchema = z.object({
  key: publicKeySchema,
  tid: trackingIdSchema,
  url: httpUrl(4096),
  referrer: z.union([z.literal(""), httpUrl(4096)]).optional(),
});

const dataValue = z.union([text(1000), z.number().finite(), z.boolean(), z.null()]);

export const leadSchema = z.object({
  key: publicKeySchema,
  tid: trackingIdSchema.optional(),
  email: emailSchema,
  data: z
    .record(text(64), dataValue)
    .refine((d) => Object.keys(d).length <= 50, "data may hold at most 50 fields")
    .optional(),
});

export const purchaseSchema = z.object({
  key: publicKeySchema,
  tid: trackingIdSchema.optional(),
  email: emailSchema,
  purchase_code: text(200).pipe(z.string().regex(/^[\x21-\x7e]+$/, "purchase_code must be printable ASCII")),
  /** Minor units (cents), as everywhere in Leadtrail. */
  amount: z.number().int("amount must be an integer in minor units").min(0).max(2_147_483_647),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "currency must be a three-letter ISO 4217 code")
    .transform((c) => c.toLowerCase()),
});

export type VisitInput = z.infer<typeof visitSchema>;
export type LeadInput = z.infer<typeof leadSchema>;
export type PurchaseInput = z.infer<typeof purchaseSchema>;

/** "url: must be an http(s) URL": the first problem, named by its field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request body";
  const field = issue.path.join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}
