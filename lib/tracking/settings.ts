import { z } from "zod";
import { merchants } from "@/db/schema";
import { normalizeOrigin } from "./origins";

/** Always recognised; merchants add their own (via, ref, …) next to it. */
export const DEFAULT_AFFILIATE_PARAM = "afmc";
const PARAM = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

const list = (value: string) =>
  value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The Tracking settings form, as typed: lists arrive as text, one entry per line or comma. */
export const trackingSettingsSchema = z
  .object({
    siteUrl: z.string().trim().max(2048, "Website URL is too long"),
    extraParams: z.string().max(500),
    attributionWindowDays: z.coerce
      .number({ error: "Attribution window must be a number of days" })
      .int("Attribution window must be a whole number of days")
      .min(1, "Attribution window must be at least 1 day")
      .max(365, "Attribution window must be at most 365 days"),
    attributionModel: z.enum(merchants.attributionModel.enumValues, {
      error: "Choose first touch or last touch",
    }),
    allowedOrigins: z.string().max(5000),
  })
  .transform((input, ctx) => {
    const siteUrl = input.siteUrl ? normalizeSiteUrl(input.siteUrl) : null;
    if (siteUrl === undefined) {
      ctx.addIssue({ code: "custom", message: "Website URL must start with http:// or https://" });
      return z.NEVER;
    }
    const params = [DEFAULT_AFFILIATE_PARAM];
    for (const param of list(input.extraParams)) {
      if (!PARAM.test(param)) {
        ctx.addIssue({
          code: "custom",
          message: `"${param}" is not a valid parameter name (letters, digits, - and _)`,
        });
        return z.NEVER;
      }
      if (!params.includes(param)) params.push(param);
    }
    if (params.length > 6) {
      ctx.addIssue({ code: "custom", message: "Add at most 5 extra parameters" });
      return z.NEVER;
    }
    const origins: string[] = [];
    for (const entry of list(input.allowedOrigins)) {
      const origin = normalizeOrigin(entry);
      if (!origin) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry}" is not an origin: use the scheme and host only, like https://shop.example`,
        });
        return z.NEVER;
      }
      if (!origins.includes(origin)) origins.push(origin);
    }
    if (origins.length > 20) {
      ctx.addIssue({ code: "custom", message: "List at most 20 allowed origins" });
      return z.NEVER;
    }
    return {
      siteUrl,
      affiliateParams: params,
      attributionWindowDays: input.attributionWindowDays,
      attributionModel: input.attributionModel,
      allowedOrigins: origins,
    };
  });

/** An http(s) URL without credentials, or undefined. */
function normalizeSiteUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password)
      return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}

/** The tag a merchant pastes into every page of their site. */
export function trackingSnippet(appUrl: string, publicKey: string): string {
  return `<script src="${new URL("/track.js", appUrl).toString()}" data-key="${publicKey}" async></script>`;
}
