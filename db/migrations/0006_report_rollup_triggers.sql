-- Reporting rollups (db/schema/reports.ts) kept up to date by statement-level triggers.
-- Writers only append deltas (no shared counter row, so no lock waits between writers);
-- report_fold moves a merchant's deltas into the rollups in one transaction.
-- Slides a merchant's 7/30/90-day affiliate windows to end on p_today: subtracts the days that
-- left them (rebuilds from the daily rollup after a long gap, or the first time).
CREATE FUNCTION report_slide_windows(p_merchant text, p_today date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_as_of date;
BEGIN
  SELECT as_of INTO v_as_of FROM report_window_state WHERE merchant_id = p_merchant;
  IF v_as_of = p_today THEN
    RETURN;
  END IF;
  IF v_as_of IS NULL OR v_as_of > p_today OR p_today - v_as_of >= 90 THEN
    DELETE FROM affiliate_windows WHERE merchant_id = p_merchant;
    INSERT INTO affiliate_windows (merchant_id, livemode, currency, window_days, affiliate_id, purchases, revenue, commissions)
    SELECT merchant_id, livemode, currency, w, affiliate_id, sum(purchases), sum(revenue), sum(commissions)
    FROM affiliate_daily CROSS JOIN (VALUES (7), (30), (90)) AS ws(w)
    WHERE merchant_id = p_merchant AND currency <> '' AND day >= p_today - (w - 1)
    GROUP BY merchant_id, livemode, currency, w, affiliate_id
    HAVING sum(purchases) <> 0 OR sum(revenue) <> 0 OR sum(commissions) <> 0;
  ELSE
    INSERT INTO affiliate_windows AS r (merchant_id, livemode, currency, window_days, affiliate_id, purchases, revenue, commissions)
    SELECT merchant_id, livemode, currency, w, affiliate_id, -sum(purchases), -sum(revenue), -sum(commissions)
    FROM affiliate_daily CROSS JOIN (VALUES (7), (30), (90)) AS ws(w)
    WHERE merchant_id = p_merchant AND currency <> ''
      AND day >= v_as_of - (w - 1) AND day <= p_today - w
    GROUP BY merchant_id, livemode, currency, w, affiliate_id
    ORDER BY merchant_id, livemode, currency, w, affiliate_id
    ON CONFLICT (merchant_id, livemode, currency, window_days, affiliate_id) DO UPDATE SET
      purchases = r.purchases + excluded.purchases, revenue = r.revenue + excluded.revenue,
      commissions = r.commissions + excluded.commissions;
    DELETE FROM affiliate_windows
    WHERE merchant_id = p_merchant AND purchases = 0 AND revenue = 0 AND commissions = 0;
  END IF;
  INSERT INTO report_window_state AS r (merchant_id, as_of) VALUES (p_merchant, p_today)
  ON CONFLICT (merchant_id) DO UPDATE SET as_of = excluded.as_of;
END
$$;
--> statement-breakpoint
-- p_wait: wait for a fold in progress instead of skipping (a reader that needs the windows slid).
CREATE FUNCTION report_fold(p_merchant text, p_wait boolean DEFAULT false) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved_count integer;
  today date := (now() AT TIME ZONE 'UTC')::date;
BEGIN
  -- One folder per merchant at a time; writers skip (readers add pending deltas themselves).
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(7411, hashtext(p_merchant));
  ELSIF NOT pg_try_advisory_xact_lock(7411, hashtext(p_merchant)) THEN
    RETURN -1;
  END IF;
  PERFORM report_slide_windows(p_merchant, today);
  WITH moved AS (
    DELETE FROM report_deltas WHERE merchant_id = p_merchant
    RETURNING merchant_id, affiliate_id, livemode, currency, day, visits, leads, purchases, revenue, commissions
  ), daily AS (
    INSERT INTO report_daily AS r (merchant_id, livemode, currency, day, visits, leads, purchases, revenue, commissions)
    SELECT merchant_id, livemode, currency, day, sum(visits), sum(leads), sum(purchases), sum(revenue), sum(commissions)
    FROM moved GROUP BY merchant_id, livemode, currency, day
    ORDER BY merchant_id, livemode, currency, day
    ON CONFLICT (merchant_id, livemode, currency, day) DO UPDATE SET
      visits = r.visits + excluded.visits, leads = r.leads + excluded.leads,
      purchases = r.purchases + excluded.purchases, revenue = r.revenue + excluded.revenue,
      commissions = r.commissions + excluded.commissions
    RETURNING 1
  ), totals AS (
    INSERT INTO report_totals AS r (merchant_id, livemode, currency, visits, leads, purchases, revenue, commissions)
    SELECT merchant_id, livemode, currency, sum(visits), sum(leads), sum(purchases), sum(revenue), sum(commissions)
    FROM moved GROUP BY merchant_id, livemode, currency
    ORDER BY merchant_id, livemode, currency
    ON CONFLICT (merchant_id, livemode, currency) DO UPDATE SET
      visits = r.visits + excluded.visits, leads = r.leads + excluded.leads,
      purchases = r.purchases + excluded.purchases, revenue = r.revenue + excluded.revenue,
      commissions = r.commissions + excluded.commissions
    RETURNING 1
  ), affiliate_days AS (
    INSERT INTO affiliate_daily AS r (merchant_id, affiliate_id, livemode, currency, day, visits, leads, purchases, revenue, commissions)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(visits), sum(leads), sum(purchases), sum(revenue), sum(commissions)
    FROM moved WHERE affiliate_id IS NOT NULL GROUP BY merchant_id, affiliate_id, livemode, currency, day
    ORDER BY merchant_id, affiliate_id, livemode, currency, day
    ON CONFLICT (merchant_id, affiliate_id, livemode, currency, day) DO UPDATE SET
      visits = r.visits + excluded.visits, leads = r.leads + excluded.leads,
      purchases = r.purchases + excluded.purchases, revenue = r.revenue + excluded.revenue,
      commissions = r.commissions + excluded.commissions
    RETURNING 1
  ), affiliate_sums AS (
    INSERT INTO affiliate_totals AS r (merchant_id, affiliate_id, livemode, currency, visits, leads, purchases, revenue, commissions)
    SELECT merchant_id, affiliate_id, livemode, currency, sum(visits), sum(leads), sum(purchases), sum(revenue), sum(commissions)
    FROM moved WHERE affiliate_id IS NOT NULL GROUP BY merchant_id, affiliate_id, livemode, currency
    ORDER BY merchant_id, affiliate_id, livemode, currency
    ON CONFLICT (merchant_id, affiliate_id, livemode, currency) DO UPDATE SET
      visits = r.visits + excluded.visits, leads = r.leads + excluded.leads,
      purchases = r.purchases + excluded.purchases, revenue = r.revenue + excluded.revenue,
      commissions = r.commissions + excluded.commissions
    RETURNING 1
  ), windows AS (
    -- Deltas for days still inside a window; a late one for an older day counts in the daily rollup only.
    INSERT INTO affiliate_windows AS r (merchant_id, livemode, currency, window_days, affiliate_id, purchases, revenue, commissions)
    SELECT merchant_id, livemode, currency, w, affiliate_id, sum(purchases), sum(revenue), sum(commissions)
    FROM moved CROSS JOIN (VALUES (7), (30), (90)) AS ws(w)
    WHERE affiliate_id IS NOT NULL AND currency <> '' AND day >= today - (w - 1)
    GROUP BY merchant_id, livemode, currency, w, affiliate_id
    ORDER BY merchant_id, livemode, currency, w, affiliate_id
    ON CONFLICT (merchant_id, livemode, currency, window_days, affiliate_id) DO UPDATE SET
      purchases = r.purchases + excluded.purchases, revenue = r.revenue + excluded.revenue,
      commissions = r.commissions + excluded.commissions
    RETURNING 1
  )
  SELECT count(*) INTO moved_count FROM moved;
  RETURN moved_count;
END
$$;
--> statement-breakpoint
-- Visits: inserted by the tracking endpoint, one row each.
CREATE FUNCTION report_visits_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  appended bigint;
BEGIN
  -- Transition tables exist per event, so each event reads only the ones it has. A statement
  -- that appended many deltas folds them at once; otherwise one in 256 folds, so pending
  -- deltas stay few whether or not anyone reads the reports.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, visits)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0
      FROM new_rows
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, visits)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0
      FROM new_rows
      UNION ALL
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS v0
      FROM old_rows
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSE
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, visits)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS v0
      FROM old_rows
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM old_rows) m;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER visits_report_insert AFTER INSERT ON visits REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_visits_delta();
--> statement-breakpoint
CREATE TRIGGER visits_report_update AFTER UPDATE ON visits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_visits_delta();
--> statement-breakpoint
CREATE TRIGGER visits_report_delete AFTER DELETE ON visits REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_visits_delta();
--> statement-breakpoint
-- Leads: a lead whose credit moves to another affiliate (last touch) moves between affiliates.
CREATE FUNCTION report_leads_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  appended bigint;
BEGIN
  -- Transition tables exist per event, so each event reads only the ones it has. A statement
  -- that appended many deltas folds them at once; otherwise one in 256 folds, so pending
  -- deltas stay few whether or not anyone reads the reports.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, leads)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0
      FROM new_rows
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, leads)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0
      FROM new_rows
      UNION ALL
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS v0
      FROM old_rows
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSE
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, leads)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS v0
      FROM old_rows
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM old_rows) m;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER leads_report_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_leads_delta();
--> statement-breakpoint
CREATE TRIGGER leads_report_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_leads_delta();
--> statement-breakpoint
CREATE TRIGGER leads_report_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_leads_delta();
--> statement-breakpoint
-- Purchases: verified ones only (the script's are unverified until Stripe confirms them);
-- revenue is what the merchant kept: paid less refunded, nothing after a lost dispute.
CREATE FUNCTION report_purchases_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  appended bigint;
BEGIN
  -- Transition tables exist per event, so each event reads only the ones it has. A statement
  -- that appended many deltas folds them at once; otherwise one in 256 folds, so pending
  -- deltas stay few whether or not anyone reads the reports.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, purchases, revenue)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0), sum(v1) FROM (
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0, (CASE WHEN dispute_status = 'lost' THEN 0 ELSE greatest(amount - amount_refunded, 0) END)::bigint AS v1
      FROM new_rows WHERE status <> 'unverified'
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0 OR sum(v1) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, purchases, revenue)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0), sum(v1) FROM (
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0, (CASE WHEN dispute_status = 'lost' THEN 0 ELSE greatest(amount - amount_refunded, 0) END)::bigint AS v1
      FROM new_rows WHERE status <> 'unverified'
      UNION ALL
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS v0, -(CASE WHEN dispute_status = 'lost' THEN 0 ELSE greatest(amount - amount_refunded, 0) END)::bigint AS v1
      FROM old_rows WHERE status <> 'unverified'
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0 OR sum(v1) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSE
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, purchases, revenue)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0), sum(v1) FROM (
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS v0, -(CASE WHEN dispute_status = 'lost' THEN 0 ELSE greatest(amount - amount_refunded, 0) END)::bigint AS v1
      FROM old_rows WHERE status <> 'unverified'
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0 OR sum(v1) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM old_rows) m;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER purchases_report_insert AFTER INSERT ON purchases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_purchases_delta();
--> statement-breakpoint
CREATE TRIGGER purchases_report_update AFTER UPDATE ON purchases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_purchases_delta();
--> statement-breakpoint
CREATE TRIGGER purchases_report_delete AFTER DELETE ON purchases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_purchases_delta();
--> statement-breakpoint
-- Commissions: every one not cancelled, clawbacks (negative) included.
CREATE FUNCTION report_commissions_delta() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  appended bigint;
BEGIN
  -- Transition tables exist per event, so each event reads only the ones it has. A statement
  -- that appended many deltas folds them at once; otherwise one in 256 folds, so pending
  -- deltas stay few whether or not anyone reads the reports.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, commissions)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, amount::bigint AS v0
      FROM new_rows WHERE status <> 'cancelled'
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, commissions)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, amount::bigint AS v0
      FROM new_rows WHERE status <> 'cancelled'
      UNION ALL
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -amount::bigint AS v0
      FROM old_rows WHERE status <> 'cancelled'
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM new_rows) m;
    END IF;
  ELSE
    INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, commissions)
    SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
      SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, -amount::bigint AS v0
      FROM old_rows WHERE status <> 'cancelled'
    ) d
    GROUP BY merchant_id, affiliate_id, livemode, currency, day HAVING sum(v0) <> 0;
    GET DIAGNOSTICS appended = ROW_COUNT;
    IF appended > 256 OR (appended > 0 AND random() < 1.0 / 256) THEN
      PERFORM report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM old_rows) m;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER commissions_report_insert AFTER INSERT ON commissions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_commissions_delta();
--> statement-breakpoint
CREATE TRIGGER commissions_report_update AFTER UPDATE ON commissions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_commissions_delta();
--> statement-breakpoint
CREATE TRIGGER commissions_report_delete AFTER DELETE ON commissions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_commissions_delta();
--> statement-breakpoint
-- Existing data: counted once, then folded.
INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, visits)
SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
  SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0
      FROM visits
) d
GROUP BY merchant_id, affiliate_id, livemode, currency, day;
--> statement-breakpoint
INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, leads)
SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
  SELECT merchant_id, affiliate_id, true AS livemode, '' AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0
      FROM leads
) d
GROUP BY merchant_id, affiliate_id, livemode, currency, day;
--> statement-breakpoint
INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, purchases, revenue)
SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0), sum(v1) FROM (
  SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS v0, (CASE WHEN dispute_status = 'lost' THEN 0 ELSE greatest(amount - amount_refunded, 0) END)::bigint AS v1
      FROM purchases WHERE status <> 'unverified'
) d
GROUP BY merchant_id, affiliate_id, livemode, currency, day;
--> statement-breakpoint
INSERT INTO report_deltas (merchant_id, affiliate_id, livemode, currency, day, commissions)
SELECT merchant_id, affiliate_id, livemode, currency, day, sum(v0) FROM (
  SELECT merchant_id, affiliate_id, livemode AS livemode, currency AS currency, (created_at AT TIME ZONE 'UTC')::date AS day, amount::bigint AS v0
      FROM commissions WHERE status <> 'cancelled'
) d
GROUP BY merchant_id, affiliate_id, livemode, currency, day;
--> statement-breakpoint
SELECT report_fold(merchant_id) FROM (SELECT DISTINCT merchant_id FROM report_deltas) m;
