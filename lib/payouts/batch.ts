/**
 * How due commissions become payout batches (SPEC §6), as pure logic: one batch per currency
 * (and per Stripe mode: test-mode money never shares a file with live money), one line per
 * affiliate, clawbacks netted against the same affiliate's commissions. An affiliate whose
 * net is zero or less is not paid: all of their commissions carry over to a later payout.
 */
export interface BatchInput {
  id: string;
  affiliateId: string;
  amount: number;
  currency: string;
  livemode: boolean;
}

export interface BatchLine {
  affiliateId: string;
  amount: number;
  commissionIds: string[];
}

export interface BatchPlan {
  currency: string;
  livemode: boolean;
  amount: number;
  commissionIds: string[];
  lines: BatchLine[];
}

export interface CarriedOver {
  affiliateId: string;
  currency: string;
  livemode: boolean;
  amount: number;
  commissionIds: string[];
}

export function planPayoutBatches(commissions: BatchInput[]): {
  batches: BatchPlan[];
  carriedOver: CarriedOver[];
} {
  const groups = new Map<string, CarriedOver & { earned: boolean }>();
  for (const c of commissions) {
    const key = JSON.stringify([c.livemode ? 0 : 1, c.currency, c.affiliateId]);
    const group = groups.get(key) ?? {
      affiliateId: c.affiliateId,
      currency: c.currency,
      livemode: c.livemode,
      amount: 0,
      commissionIds: [],
      earned: false,
    };
    group.amount += c.amount;
    group.earned ||= c.amount > 0;
    group.commissionIds.push(c.id);
    groups.set(key, group);
  }
  const batches = new Map<string, BatchPlan>();
  const carriedOver: CarriedOver[] = [];
  // Sorted keys: live before test, then currency, then affiliate, so plans are reproducible.
  for (const key of [...groups.keys()].sort()) {
    const { earned, ...group } = groups.get(key)!;
    group.commissionIds.sort();
    if (group.amount <= 0) {
      // Clawbacks alone simply wait; only earnings that could not be paid are "carried over".
      if (earned) carriedOver.push(group);
      continue;
    }
    const batchKey = JSON.stringify([group.livemode, group.currency]);
    const batch = batches.get(batchKey) ?? {
      currency: group.currency,
      livemode: group.livemode,
      amount: 0,
      commissionIds: [],
      lines: [],
    };
    batch.amount += group.amount;
    batch.commissionIds.push(...group.commissionIds);
    batch.lines.push({
      affiliateId: group.affiliateId,
      amount: group.amount,
      commissionIds: group.commissionIds,
    });
    batches.set(batchKey, batch);
  }
  return { batches: [...batches.values()], carriedOver };
}
