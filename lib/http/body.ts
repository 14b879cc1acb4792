/**
 * A web Request's body as text, or null once it passes `limit` bytes: a declared length over
 * the limit is refused unread, and a streamed body stops being read as soon as it passes.
 */
export async function readTextLimited(req: Request, limit: number): Promise<string | null> {
  if (Number(req.headers.get("content-length")) > limit) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
