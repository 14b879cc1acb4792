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
        line.email,
        majorUnits(line.amount, payout.currency),
        currency,
        // PayPal's unique id: at most 30 characters, no spaces. "pay_" + 20 + "-" + line number.
        `${payout.id}-${i + 1}`,
        plainText(note).slice(0, MAX_NOTE),
      ]
        .map(csvCell)
        .join(",");
    })
    .map((row) => `${row}\r\n`)
    .join("");
}

/** RFC 4180 quoting where needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One cell, safe to open in a spreadsheet: a cell starting with = + - @, a tab or a carriage
 * return would be read as a formula (an email such as `=HYPERLINK(...)@x.com` is valid), so it
 * gets a leading apostrophe, then RFC 4180 quoting. Plain numbers are left as numbers.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return csvField(safe);
}

/** Free text stays on one line. */
function plainText(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ");
}
