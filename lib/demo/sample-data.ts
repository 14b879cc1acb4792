import type { Database } from "@/db";
import { foldReports } from "@/db/queries/reports";
import { deleteSampleData, hasSampleData, insertSampleData, samplePaidOut } from "@/db/queries/sample-data";
import { conflict, isUniqueViolation, notFound } from "@/lib/errors";
import { demoSettings } from "./settings";

/**
 * "Load sample data" (local use only, beside Try it): 90 days of made-up visits, leads, purchases
 * and commissions from a dozen sample affiliates, so the overview's charts have something to show.
 * It is live-mode data in every report, which is why it exists only where Stripe is simulated.
 */
export const SAMPLE_SIZE = { affiliates: 12, visits: 4_000, leads: 400, purchases: 80, days: 90 };

function requireLocal() {
  if (!demoSettings()) throw notFound("Sample data is only available in local use with the Stripe simulator");
}

export async function loadSampleData(db: Database, merchantId: string) {
  requireLocal();
  return addSampleData(db, merchantId);
}

export async function removeSampleData(db: Database, merchantId: string) {
  requireLocal();
  return dropSampleData(db, merchantId);
}

/** The same without the local-use check (tests). */
export async function addSampleData(db: Database, merchantId: string) {
  if (await hasSampleData(db, merchantId)) throw conflict("Sample data is already loaded", "sample_loaded");
  try {
    await insertSampleData(db, merchantId, SAMPLE_SIZE);
  } catch (error) {
    // Two loads at once: the ids are the same, so the second one's insert fails on them.
    if (isUniqueViolation(error)) throw conflict("Sample data is already loaded", "sample_loaded");
    throw error;
  }
  await foldReports(db, merchantId);
  return SAMPLE_SIZE;
}

export async function dropSampleData(db: Database, merchantId: string) {
  if (!(await hasSampleData(db, merchantId))) throw notFound("There is no sample data to remove");
  const paid = await samplePaidOut(db, merchantId);
  if (paid > 0) {
    throw conflict(
      `${paid} sample commissions are in a payout: discard that payout first, then remove the sample data`,
      "sample_paid_out",
    );
  }
  const removed = await deleteSampleData(db, merchantId);
  await foldReports(db, merchantId);
  return removed;
}
