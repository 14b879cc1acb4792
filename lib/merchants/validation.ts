import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address" }));

export const passwordSchema = z
  .string()
  .min(8, "Password must be at least 8 characters")
  .max(200, "Password must be at most 200 characters");

export const nameSchema = (label: string) =>
  z.string().trim().min(1, `${label} is required`).max(120, `${label} must be at most 120 characters`);

export const signupSchema = z.object({
  name: nameSchema("Name"),
  company: nameSchema("Company"),
  email: emailSchema,
  password: passwordSchema,
});

/** First zod issue as a sentence for forms and the CLI. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? issue.message : "Invalid input";
}
