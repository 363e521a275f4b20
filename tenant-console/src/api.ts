// The console's only way to the platform: the public /v1 API, with the signed-in person's token.

export interface FieldError {
  pointer: string;
  message: string;
}

/** An RFC 9457 problem the API answered with, or a network failure put in the same words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }
}

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource = async () => null;
let onUnauthorized: () => void = () => {};

export function configureApi(source: TokenSource, unauthorized: () => void) {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Path segments carry ids chosen by tenants ("a/b", "ü 1"): always encoded. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    return new ApiError(response.status, body.title ?? response.statusText, body.detail ?? '', body.errors ?? []);
  } catch {
    return new ApiError(response.status, response.statusText || 'Request failed', text.slice(0, 300));
  }
}

export async function api<T>(path: string, options: { method?: string; body?: unknown; query?: Query } = {}): Promise<T> {
  const token = await tokenSource();
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'The platform cannot be reached', 'Check your connection and try again.');
  }
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Uploads a file with progress (fetch cannot report upload progress). The import endpoints stream
 * the body into PostgreSQL and answer with a line-level report.
 */
export async function upload<T>(path: string, file: File, contentType: string, onProgress: (fraction: number) => void): Promise<T> {
  const token = await tokenSource();
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('Content-Type', contentType);
    request.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'The upload failed', 'The connection was interrupted; nothing partial is kept in atomic mode. Try again.'));
    request.onload = () => {
      if (request.status === 401) onUnauthorized();
      if (request.status >= 200 && request.status < 300) {
        resolve(JSON.parse(request.responseText) as T);
        return;
      }
      try {
        const body = JSON.parse(request.responseText);
        reject(new ApiError(request.status, body.title ?? 'Upload rejected', body.detail ?? '', body.errors ?? []));
      } catch {
        reject(new ApiError(request.status, 'Upload rejected', request.responseText.slice(0, 300)));
      }
    };
    request.send(file);
  });
}
