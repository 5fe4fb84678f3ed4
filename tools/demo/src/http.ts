/** JSON over HTTP with errors that say which call failed and what the service answered. */
export async function requestJson<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error: unknown) => {
    // fetch says only "fetch failed": which service stopped answering is in the call and the cause.
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`${method} ${url}: no answer (${cause ?? String(error)})`, { cause: error });
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body: parsed as T };
}

export async function expectJson<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
): Promise<T> {
  const result = await requestJson<T>(method, url, body);
  if (result.status >= 400)
    throw new Error(`${method} ${url} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
}
