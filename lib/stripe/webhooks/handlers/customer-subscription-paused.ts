import { customerSubscription } from "./customer-subscription";

/** `customer.subscription.paused`: Stripe stopped billing it: its periods earn nothing until it resumes. */
export const customerSubscriptionPaused = customerSubscription<"customer.subscription.paused">();
