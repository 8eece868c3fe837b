// The JSON API client.

/** GETs `/api/<path>` with the given query parameters (empty ones are left out). */
export async function get(path, params = {}, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const qs = query.toString();
  const response = await fetch(`/api/${path}${qs ? `?${qs}` : ""}`, { signal });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: reported below
  }
  if (!response.ok) {
    throw new Error(body && body.error ? body.error : `${path}: HTTP ${response.status}`);
  }
  return body;
}

/** The names of the four quad classes, 1 to 4. */
export const QUADS = ["", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
