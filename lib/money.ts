import { z } from "zod";

/**
 * Money is stored in minor units, as Stripe sends it. A currency's exponent follows Stripe's
 * list, not Intl's: the two disagree for a few currencies (ISK is two-decimal in Stripe, zero
 * in Intl).
 */
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** Decimals in a currency's minor units; two when the currency is not known yet. */
export function currencyExponent(currency: string | null): number {
  const code = (currency ?? "").toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** For files other systems read (PayPal): 123456 usd → "1234.56", 1200 jpy → "1200", -5 usd → "-0.05". Integer arithmetic only. */
export function majorUnits(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new Error(`amount must be an integer in minor units: ${amount}`);
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.abs(amount)).padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** An amount typed in major units (12.5 usd, 1200 jpy) → minor units (1250, 1200). */
export function toMinorUnits(major: number, currency: string | null): number {
  return Math.round(major * 10 ** currencyExponent(currency));
}

/** Minor units → a number in major units, for a form's field (1250 usd → 12.5). */
export function toMajorUnits(minor: number, currency: string | null): number {
  return minor / 10 ** currencyExponent(currency);
}

let isoCodes: Set<string> | undefined;

function isIsoCurrency(code: string): boolean {
  isoCodes ??= new Set(Intl.supportedValuesOf("currency").map((c) => c.toLowerCase()));
  return isoCodes.has(code);
}

/** An ISO 4217 currency code, any case in, lower case out (as Stripe writes them). */
export const currencyCode = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isIsoCurrency, "Enter a currency code, such as USD or EUR");
