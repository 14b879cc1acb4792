/** A JSON POST from the browser, with the `{ error: { message } }` answers of Leadtrail's routes read out. */
export async function postJson<T>(
  url: string,
  body: unknown,
): Promise<{ ok: true; data: T } | { ok: false; status: number; message: string }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      message: "Could not reach Leadtrail. Check your connection and try again.",
    };
  }
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (res.ok) return { ok: true, data: data as T };
  return {
    ok: false,
    status: res.status,
    message: data?.error?.message ?? "Something went wrong on our side; try again.",
  };
}
