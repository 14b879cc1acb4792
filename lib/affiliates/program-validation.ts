import { z } from "zod";
import { emailSchema, nameSchema, passwordSchema } from "@/lib/merchants/validation";

const optionalName = (label: string) =>
  z
    .string()
    .trim()
    .max(120, `${label} must be at most 120 characters`)
    .optional()
    .transform((v) => v ?? "");

/** The merchant's invite form: only the email is required. */
export const inviteSchema = z.object({
  email: emailSchema,
  firstName: optionalName("First name"),
  lastName: optionalName("Last name"),
});

/** The public join form (/join/<program>). */
export const joinSchema = z.object({
  firstName: nameSchema("First name"),
  lastName: nameSchema("Last name"),
  email: emailSchema,
  password: passwordSchema,
});

/** The join form opened from an invitation link: the email is the invited one. */
export const acceptInviteSchema = z.object({
  token: z.string().regex(/^[0-9A-Za-z]{32}$/, "This invitation link is not valid"),
  firstName: nameSchema("First name"),
  lastName: nameSchema("Last name"),
  password: passwordSchema,
});
