import type { Database } from "@/db";
import { dismissChecklist as dismiss, type OnboardingFacts, onboardingFacts } from "@/db/queries/onboarding";

export interface ChecklistStep {
  key: "snippet" | "stripe" | "affiliate" | "plan";
  label: string;
  href: string;
  done: boolean;
}

/**
 * The overview's getting-started checklist, derived from the merchant's data alone, so each step
 * ticks itself once it is done however it was done (dashboard, API, CLI): the snippet by the first
 * visit it sent, Stripe by a live connection, an affiliate by there being one, the plan by having
 * been saved (its audit entry; the default plan counts once the merchant has looked at it and saved).
 */
export function checklistSteps(facts: OnboardingFacts): ChecklistStep[] {
  return [
    {
      key: "snippet",
      label: "Install the tracking snippet on your site",
      href: "/dashboard/settings/tracking",
      done: facts.firstVisitAt !== null,
    },
    { key: "stripe", label: "Connect Stripe", href: "/dashboard/apps/store", done: facts.stripeConnected },
    {
      key: "affiliate",
      label: "Add an affiliate",
      href: "/dashboard/affiliates",
      done: facts.affiliates > 0,
    },
    {
      key: "plan",
      label: "Set your commission plan",
      href: "/dashboard/settings/commissions",
      done: facts.planSaved,
    },
  ];
}

export interface Checklist {
  steps: ChecklistStep[];
  done: number;
}

/** The checklist to show on the overview, or null once dismissed. */
export async function loadChecklist(db: Database, merchantId: string): Promise<Checklist | null> {
  const facts = await onboardingFacts(db, merchantId);
  if (!facts || facts.dismissedAt) return null;
  const steps = checklistSteps(facts);
  return { steps, done: steps.filter((s) => s.done).length };
}

export async function dismissChecklist(db: Database, merchantId: string): Promise<void> {
  await dismiss(db, merchantId);
}
