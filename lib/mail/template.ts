/**
 * Messages as plain text and HTML from one description, so the two never say different things.
 * Everything given is text: it is escaped for the HTML body (names come from users).
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailDraft {
  /** The merchant's program name, shown as the sender's heading. */
  program: string;
  subject: string;
  /** Opening line, e.g. "Hi Ada,". */
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the action, e.g. how long a link lasts. */
  note?: string;
  /** For optional mail: a link that stops it without signing in. */
  unsubscribeUrl?: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export function renderMail(draft: MailDraft): MailContent {
  return { subject: draft.subject, text: renderText(draft), html: renderHtml(draft) };
}

function renderText(d: MailDraft): string {
  const parts = [d.greeting, ...d.paragraphs].filter(Boolean) as string[];
  if (d.action) parts.push(`${d.action.label}: ${d.action.url}`);
  if (d.note) parts.push(d.note);
  parts.push(`— ${d.program}, through Leadtrail`);
  if (d.unsubscribeUrl) parts.push(`Stop these emails: ${d.unsubscribeUrl}`);
  return `${parts.join("\n\n")}\n`;
}

const p = (text: string) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(text)}</p>`;

function renderHtml(d: MailDraft): string {
  const body = [
    `<h1 style="font-size:18px;margin:0 0 24px">${escapeHtml(d.program)}</h1>`,
    d.greeting ? p(d.greeting) : "",
    ...d.paragraphs.map(p),
    d.action
      ? `<p style="margin:24px 0"><a href="${escapeHtml(d.action.url)}" style="background:#111827;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(d.action.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:12px;color:#6b7280">Or paste this address into your browser: ${escapeHtml(d.action.url)}</p>`
      : "",
    d.note ? `<p style="margin:0 0 16px;font-size:13px;color:#6b7280">${escapeHtml(d.note)}</p>` : "",
    `<p style="margin:32px 0 0;font-size:12px;color:#6b7280">${escapeHtml(d.program)}, through Leadtrail</p>`,
    d.unsubscribeUrl
      ? `<p style="margin:8px 0 0;font-size:12px"><a href="${escapeHtml(d.unsubscribeUrl)}" style="color:#6b7280">Stop these emails</a></p>`
      : "",
  ].join("");
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:0 auto;padding:24px">${body}</body></html>`;
}
