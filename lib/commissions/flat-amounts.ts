import { z } from "zod";
import { currencyCode, currencyExponent, toMinorUnits } from "@/lib/money";

/** The largest flat amount a plan may pay, in minor units (a typing slip, not a real plan). */
const MAX_MINOR_UNITS = 100_000_000;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * One currency's flat amount as the forms and the API submit it: the amount in the currency's
 * main unit ("10.50" dollars, "1000" yen), stored in Stripe's minor units for that currency.
 */
const flatAmountRow = z.object({
  currency: currencyCode,
  amount: z.union([z.number(), z.string()]).transform((v) => String(v).trim()),
});

export type FlatAmountRow = z.input<typeof flatAmountRow>;

/** A list of { currency, amount } rows → { usd: 1050, jpy: 1000 }; each currency once. */
export const flatAmountsSchema = z
  .array(flatAmountRow)
  .max(50, "A plan can pay in at most 50 currencies")
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, index) => {
      const problem = amountProblem(row.amount, row.currency);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [index, "amount"] });
      if (seen.has(row.currency))
        ctx.addIssue({
          code: "custom",
          message: `${row.currency.toUpperCase()} is listed twice: give each currency one flat amount`,
          path: [index, "currency"],
        });
      seen.add(row.currency);
    });
  })
  .transform((rows) =>
    Object.fromEntries(rows.map((row) => [row.currency, toMinorUnits(Number(row.amount), row.currency)])),
  );

function amountProblem(amount: string, currency: string): string | null {
  const code = currency.toUpperCase();
  const exponent = currencyExponent(currency);
  if (amount === "") return `Enter the flat amount in ${code}`;
  if (!DECIMAL.test(amount))
    return `The flat amount in ${code} must be a number, such as ${exponent === 0 ? "1000" : "10.50"}`;
  const decimals = amount.split(".")[1]?.replace(/0+$/, "").length ?? 0;
  if (decimals > exponent)
    return exponent === 0
      ? `${code} has no decimals: enter the flat amount in whole units`
      : `The flat amount in ${code} can have at most ${exponent} decimals`;
  const minor = toMinorUnits(Number(amount), currency);
  if (minor <= 0) return `The flat amount in ${code} must be more than zero`;
  if (minor > MAX_MINOR_UNITS) return `The flat amount in ${code} is too large`;
  return null;
}

/**
 * The currencies of a plan's flat amounts in the order people read them: the store's currency
 * first, then the rest alphabetically.
 */
export function flatAmountCurrencies(
  amounts: Record<string, number>,
  storeCurrency: string | null,
): string[] {
  const store = storeCurrency?.toLowerCase();
  return Object.keys(amounts).sort((a, b) => {
    if (a === store) return -1;
    if (b === store) return 1;
    return a.localeCompare(b);
  });
}
