/**
 * Fault injection. Each call to inject() adds a rule; a rule matches requests by path and fires
 * for the next `count` of them, for a fraction `rate` of them, or for all of them when neither is
 * given. A firing rule adds `delayMs` and, unless it only delays, answers `status` instead of the
 * API. The fraction uses a seeded generator so a failing test fails the same way every run.
 */
export interface FaultSpec {
  status?: number;
  rate?: number;
  count?: number;
  delayMs?: number;
  path?: RegExp;
}

interface Rule extends FaultSpec {
  remaining: number | null;
  random: () => number;
}

export interface FaultDecision {
  delayMs: number;
  status: number | null;
}

/** Statuses drawn in turn for a `rate` rule without a status: what Stripe sheds under load. */
const RANDOM_STATUSES = [429, 500, 503];

export class FaultInjector {
  private rules: Rule[] = [];

  inject(spec: FaultSpec): void {
    if (spec.rate !== undefined && (spec.rate < 0 || spec.rate > 1))
      throw new Error("fault rate must be within 0..1");
    this.rules.push({ ...spec, remaining: spec.count ?? null, random: seeded(this.rules.length + 1) });
  }

  clear(): void {
    this.rules = [];
  }

  decide(path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, status: null };
    for (const rule of this.rules) {
      if (rule.path && !rule.path.test(path)) continue;
      if (rule.remaining === 0) continue;
      if (rule.rate !== undefined && rule.random() >= rule.rate) continue;
      if (rule.remaining !== null) rule.remaining -= 1;
      decision.delayMs += rule.delayMs ?? 0;
      if (decision.status === null) decision.status = statusOf(rule);
    }
    return decision;
  }
}

function statusOf(rule: Rule): number | null {
  if (rule.status !== undefined) return rule.status;
  if (rule.rate !== undefined)
    return RANDOM_STATUSES[Math.floor(rule.random() * RANDOM_STATUSES.length)] ?? 500;
  // A rule that names only a delay slows requests down without failing them.
  return rule.delayMs !== undefined ? null : 500;
}

/** mulberry32: tiny, good enough for test determinism, not for anything secret. */
function seeded(seed: number): () => number {
  let state = seed * 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
