/** REST calls to the Parley server, with coded errors. */
import { CSRF_HEADER } from '@parley/protocol/constants';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Calls a Parley REST route with the browser's cookies; throws ApiError with the server's code. */
export async function api<T>(
  baseUrl: string,
  path: string,
  init: RequestInit = {},
  fetchImpl: typeof fetch = fetch,
): Promise<T> {
  const response = await fetchImpl(new URL(path, baseUrl), {
    credentials: 'include',
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      // [E9] A custom header a cross-site form or image cannot send: the server's CSRF check.
      [CSRF_HEADER]: '1',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!response.ok)
    throw new ApiError(body.code ?? 'internal_error', body.message ?? response.statusText, response.status);
  return body as T;
}
