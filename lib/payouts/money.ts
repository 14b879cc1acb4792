/**
 * Minor units → major-unit text for files that other systems read (PayPal). The exponent
 * follows Stripe's list, not Intl's: amounts are stored in minor units as Stripe sends them,
 * and the two disagree for a few currencies (ISK is two-decimal in Stripe, zero in Intl).
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

export function currencyExponent(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** 123456 usd → "1234.56", 1200 jpy → "1200", -5 usd → "-0.05". Integer arithmetic only. */
export function majorUnits(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new Error(`amount must be an integer in minor units: ${amount}`);
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.abs(amount)).padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
