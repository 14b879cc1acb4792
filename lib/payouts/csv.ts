import { majorUnits } from "@/lib/money";

/**
 * A payout batch as a PayPal mass-payment file: one recipient per line, no header row, the
 * columns recipient email, amount (major units), currency code, unique id, note. PayPal takes
 * one currency per file, which is why batches are per currency.
 */
export interface CsvLine {
  email: string;
  amount: number;
  commissionCount: number;
}

const MAX_NOTE = 400;

export function payoutCsv(
  payout: { id: string; currency: string },
  lines: CsvLine[],
  merchantName: string,
): string {
  const currency = payout.currency.toUpperCase();
  return lines
    .map((line, i) => {
      const note = `Affiliate commissions from ${merchantName} (${line.commissionCount} ${
        line.commissionCount === 1 ? "commission" : "commissions"
      })`;
      return [
        csvField(line.email),
        majorUnits(line.amount, payout.currency),
        currency,
        // PayPal's unique id: at most 30 characters, no spaces. "pay_" + 20 + "-" + line number.
        `${payout.id}-${i + 1}`,
        csvField(plainText(note).slice(0, MAX_NOTE)),
      ].join(",");
    })
    .map((row) => `${row}\r\n`)
    .join("");
}

/** RFC 4180 quoting where needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Free text never starts like a spreadsheet formula, and stays on one line. */
function plainText(value: string): string {
  const oneLine = value.replace(/[\r\n\t]+/g, " ");
  return /^[=+\-@]/.test(oneLine) ? `'${oneLine}` : oneLine;
}
