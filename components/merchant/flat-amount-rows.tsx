"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { type FlatAmountRow, flatAmountCurrencies } from "@/lib/commissions/flat-amounts";
import { currencyExponent, majorUnits } from "@/lib/money";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

type Row = { key: number; currency: string; amount: string };

/** A typed code that looks like one ("usd", " JPY"), upper-cased for labels; null while typing. */
function codeOf(currency: string): string | null {
  const code = currency.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

function initialRows(amounts: Record<string, number>, storeCurrency: string | null): Row[] {
  const rows = flatAmountCurrencies(amounts, storeCurrency).map((currency, key) => ({
    key,
    currency: currency.toUpperCase(),
    amount: majorUnits(amounts[currency] ?? 0, currency),
  }));
  return rows.length > 0 ? rows : [{ key: 0, currency: (storeCurrency ?? "usd").toUpperCase(), amount: "" }];
}

/**
 * A flat plan's amount per currency, one row each, the store's currency first. Amounts are typed
 * in the currency's main unit (dollars, or yen as they are); the server stores minor units.
 */
export function FlatAmountRows({
  amounts,
  storeCurrency,
}: {
  amounts: Record<string, number>;
  storeCurrency: string | null;
}) {
  const id = useId();
  const [rows, setRows] = useState(() => initialRows(amounts, storeCurrency));
  const nextKey = useRef(rows.length);
  // A row the merchant just added takes the focus, so they can type its currency at once.
  const [added, setAdded] = useState<number | null>(null);
  useEffect(() => {
    if (added !== null) document.getElementById(`${id}-${added}-currency`)?.focus();
  }, [added, id]);
  const update = (key: number, patch: Partial<Row>) =>
    setRows((all) => all.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Flat amount per payment</legend>
      {rows.map((row, index) => {
        const code = codeOf(row.currency);
        const exponent = currencyExponent(code);
        return (
          <div key={row.key} className="flex items-end gap-3">
            <div className="w-28">
              <label htmlFor={`${id}-${row.key}-currency`} className="block text-xs text-slate-600">
                Currency<span className="sr-only"> {index + 1}</span>
              </label>
              <input
                id={`${id}-${row.key}-currency`}
                name="flatCurrency"
                value={row.currency}
                onChange={(e) => update(row.key, { currency: e.target.value })}
                maxLength={3}
                autoComplete="off"
                placeholder="EUR"
                className={`${input} uppercase`}
              />
            </div>
            <div className="flex-1">
              <label htmlFor={`${id}-${row.key}-amount`} className="block text-xs text-slate-600">
                {code ? `Flat amount in ${code}` : "Flat amount"}
                {!code && <span className="sr-only"> {index + 1}</span>}
              </label>
              <input
                id={`${id}-${row.key}-amount`}
                name="flatAmount"
                value={row.amount}
                onChange={(e) => update(row.key, { amount: e.target.value })}
                inputMode={exponent === 0 ? "numeric" : "decimal"}
                autoComplete="off"
                placeholder={exponent === 0 ? "1000" : "10.00"}
                className={`${input} tabular-nums`}
              />
            </div>
            {rows.length > 1 && (
              <Button
                variant="secondary"
                aria-label={code ? `Remove the ${code} amount` : `Remove row ${index + 1}`}
                onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
              >
                Remove
              </Button>
            )}
          </div>
        );
      })}
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs text-slate-500">Sales in a currency not listed here earn no commission.</p>
        <Button
          variant="secondary"
          onClick={() => {
            const key = nextKey.current++;
            setRows((all) => [...all, { key, currency: "", amount: "" }]);
            setAdded(key);
          }}
        >
          Add a currency
        </Button>
      </div>
    </fieldset>
  );
}

/** The rows the fields above hold, blank rows left out. */
export function readFlatAmountRows(form: FormData): FlatAmountRow[] {
  const currencies = form.getAll("flatCurrency").map(String);
  const amounts = form.getAll("flatAmount").map(String);
  return currencies
    .map((currency, i) => ({ currency: currency.trim(), amount: (amounts[i] ?? "").trim() }))
    .filter((row) => row.currency !== "" || row.amount !== "");
}
