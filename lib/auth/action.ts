import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { firstIssue } from "@/lib/merchants/validation";
import { assertRole, type RequiredRole } from "@/lib/team/roles";
import { type MerchantContext, merchantContext } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ActionOptions {
  /**
   * The least role that may run it. Every action changes something, so viewers are refused by
   * default ("admin"); "owner" for owner-only work (API keys, the team).
   */
  role?: RequiredRole;
}

/**
 * The one wrapper for merchant server actions: checks the session is a merchant's and the
 * member's role (re-read from the database) is enough, validates input with zod, and turns
 * AppErrors into messages the form can show. The role is checked before the input is looked
 * at, so a refused member learns nothing from validation messages.
 */
export function merchantAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.infer<S>, ctx: MerchantContext) => Promise<T>,
  options: ActionOptions = {},
) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const ctx = await merchantContext();
      assertRole(ctx.role, options.role ?? "admin");
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      return { ok: true, data: await run(parsed.data, ctx) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.message };
      throw error;
    }
  };
}

/**
 * The wrapper for actions anyone may call (sign-up, joining a program): validates input with zod
 * and turns AppErrors into messages the form can show. No session is read; limits are the
 * action's own (formLimitMessage). `invalid` replaces zod's first issue when one fixed message fits.
 */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.infer<S>) => Promise<T>,
  options: { invalid?: string } = {},
) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: options.invalid ?? firstIssue(parsed.error) };
      return { ok: true, data: await run(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.message };
      throw error;
    }
  };
}
