import { sql } from "drizzle-orm";
import type { Database } from "./index";

/**
 * Bulk, made-up activity for one merchant (benchmarks, screenshots, local demos): affiliates,
 * visits, leads, purchases and their commissions spread over the last `days` days, each table in
 * one INSERT … SELECT generate_series, so a million visits take seconds, not minutes. Traffic
 * grows over the period and follows a weekly rhythm; a few affiliates bring most of it.
 * Rows go through the same triggers as real writes, so the reporting rollups include them.
 */
export interface ActivityPlan {
  merchantId: string;
  affiliates: number;
  visits: number;
  leads: number;
  purchases: number;
  days: number;
  /** Share of purchases made in Stripe test mode. */
  testShare?: number;
  currency?: string;
  /** Share of visits, leads and purchases credited to an affiliate. */
  attributedShare?: number;
  /** Distinguishes ids when one merchant is seeded twice. */
  batch?: string;
  /** Credit everything attributed to this existing affiliate instead of creating `affiliates`. */
  affiliateId?: string;
}

const FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Tim"];
const LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson"];

/**
 * What every id of one seeding carries: `aff_{tag}_`, `lead_{tag}_`, `pur_{tag}_`, `com_{tag}_`,
 * and visits' visitor ids `vis_{tag}_` (db/queries/sample-data.ts removes a seeding by it).
 */
export function activityTag(merchantId: string, batch = ""): string {
  return `${merchantId.slice(-6)}${batch}`.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export async function seedActivity(db: Database, plan: ActivityPlan): Promise<void> {
  const m = plan.merchantId;
  const tag = activityTag(m, plan.batch);
  const currency = plan.currency ?? "usd";
  const testShare = plan.testShare ?? 0.1;
  const attributed = plan.attributedShare ?? 0.6;
  const firstNames = sql.raw(`array[${FIRST.map((n) => `'${n}'`).join(",")}]`);
  const lastNames = sql.raw(`array[${LAST.map((n) => `'${n}'`).join(",")}]`);
  /**
   * n rows (g, t): t is a moment in the period, recent days busier (growth), and about a third of
   * weekend traffic moved to the Friday before. Volatile subqueries are not flattened, so each
   * row draws its own moment.
   */
  const moments = (n: number) =>
    sql.raw(`(select g, case when extract(isodow from t0) > 5 and random() < 0.35
        then t0 - (extract(isodow from t0) - 5) * interval '1 day' else t0 end as t
      from (select g, now() - (${plan.days} * (1 - sqrt(random()))) * interval '1 day' as t0
        from generate_series(1, ${n}) g) s0) s`);
  // Which affiliate: low numbers far more often (a few affiliates bring most of the traffic).
  const affiliateOf = (share: number) =>
    plan.affiliateId
      ? sql`case when random() < ${share} then ${plan.affiliateId}::text end`
      : sql.raw(
          plan.affiliates > 0
            ? `case when random() < ${share} then 'aff_${tag}_' || (1 + floor(${plan.affiliates} * power(random(), 2.2))::int) end`
            : "null",
        );

  await db.transaction(async (tx) => {
    if (plan.affiliates > 0 && !plan.affiliateId) {
      await tx.execute(sql`
        insert into affiliates (id, merchant_id, email, first_name, last_name, code, status, created_at)
        select 'aff_' || ${tag} || '_' || g, ${m}, 'affiliate' || g || '.' || ${tag} || '@example.com',
          (${firstNames})[1 + g % ${FIRST.length}], (${lastNames})[1 + (g / ${FIRST.length}) % ${LAST.length}],
          'ref' || ${tag} || g,
          case when g % 41 = 0 then 'pending' when g % 53 = 0 then 'inactive' else 'active' end,
          now() - ((${plan.affiliates} - g) * interval '1 minute') - ${plan.days} * interval '1 day'
        from generate_series(1, ${plan.affiliates}) g`);
    }
    if (plan.visits > 0) {
      await tx.execute(sql`
        insert into visits (merchant_id, visitor_id, affiliate_id, url, referrer, created_at)
        select ${m}, 'vis_' || ${tag} || '_' || (g % greatest(1, ${Math.floor(plan.visits / 3)})),
          ${affiliateOf(attributed)}, 'https://shop.example.com/pricing', null, t
        from ${moments(plan.visits)}`);
    }
    if (plan.leads > 0) {
      await tx.execute(sql`
        insert into leads (id, merchant_id, email, visitor_id, affiliate_id, created_at)
        select 'lead_' || ${tag} || '_' || g, ${m}, 'lead' || g || '.' || ${tag} || '@example.net',
          'vis_' || ${tag} || '_' || g, ${affiliateOf(attributed)}, t
        from ${moments(plan.leads)}`);
    }
    if (plan.purchases > 0) {
      await tx.execute(sql`
        insert into purchases (id, merchant_id, stripe_id, source, lead_id, affiliate_id, email, amount,
          currency, amount_refunded, status, livemode, created_at)
        select 'pur_' || ${tag} || '_' || g, ${m}, 'in_' || ${tag} || '_' || g, 'invoice',
          'lead_' || ${tag} || '_' || g, ${affiliateOf(attributed)}, 'lead' || g || '.' || ${tag} || '@example.net',
          amount, ${currency}, case when refunded then amount else 0 end,
          case when refunded then 'refunded' else 'completed' end,
          random() >= ${testShare}, t
        from (
          select g, t, (array[1900, 2900, 4900, 9900, 19900])[1 + floor(random() * 5)::int] as amount,
            random() < 0.04 as refunded
          from ${moments(plan.purchases)}
        ) p`);
      // 20% of each sale, held 30 days; refunded sales' commissions are cancelled.
      await tx.execute(sql`
        insert into commissions (id, merchant_id, affiliate_id, purchase_id, amount, gross_amount, currency,
          status, kind, due_at, livemode, created_at)
        select 'com_' || substr(p.id, 5), p.merchant_id, p.affiliate_id, p.id, (p.amount * 2 + 5) / 10,
          (p.amount * 2 + 5) / 10, p.currency,
          case when p.status = 'refunded' then 'cancelled'
            when p.created_at > now() - interval '30 days' then 'pending'
            when p.created_at > now() - interval '60 days' then 'due' else 'paid' end,
          'sale', p.created_at + interval '30 days', p.livemode, p.created_at
        from purchases p
        where p.merchant_id = ${m} and p.affiliate_id is not null and p.id like ${`pur_${tag}_%`}`);
    }
  });
}
