import { customerSubscription } from "./customer-subscription";

/** `customer.subscription.trial_will_end`: the trial ends in three days: the subscription is re-read like any update. */
export const customerSubscriptionTrialWillEnd =
  customerSubscription<"customer.subscription.trial_will_end">();
