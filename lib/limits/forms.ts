import { limitRules, limitStore } from "./index";
import { consume, waitText } from "./limiter";

/**
 * Sign-up and join per address (SPEC §13), for the server actions behind those forms: null when
 * the attempt may go ahead, else the message the form shows (an action cannot answer 429).
 */
export async function formLimitMessage(form: "signup" | "join", ip: string): Promise<string | null> {
  const rules = limitRules();
  const rule = form === "signup" ? rules.signupIp : rules.joinIp;
  const decision = await consume(await limitStore(), `${form}:ip:${ip}`, rule);
  if (decision.allowed) return null;
  const what = form === "signup" ? "accounts have been created" : "sign-ups to programs have come";
  return `Too many ${what} from your network. Try again in ${waitText(decision.resetSeconds)}.`;
}
