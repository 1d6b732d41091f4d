// The API from the pages: requests signed in (token or page session), files downloaded under the server's names, and
// the server's problems (RFC 9457) shown as the server words them.
import { signIn, token } from "./auth.js";

// fetch with the token; a 401 (no token, or it expired) asks the user to sign in again.
// With no token the page's session cookie signs the request (the trust's sign-in); X-CSRF tells the server the
// request comes from the pages, not from a form on another site.
export async function api(url, options = {}) {
  const headers = { ...options.headers, "X-CSRF": "1" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  // A form (files) sets its own multipart type and boundary.
  if (options.body !== undefined && !(options.body instanceof FormData)) headers["Content-Type"] ??= "application/json";
  const response = await fetch(url, { ...options, headers });
  if (response.status === 401) await signIn();
  return response;
}

export const post = (url, body) => api(url, { method: "POST", body: JSON.stringify(body) });

// A file from the API (the request carries the sign-in), saved under the name the server gives it (else
// fallbackName). Returns what to tell the user: the file's name, or the server's problem.
export async function download(url, fallbackName) {
  const response = await api(url);
  if (!response.ok) return (await response.json()).detail;
  const name = /filename="?([^";]+)/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name }).click();
  return `${name} downloaded.`;
}

// An import refused whole (a problem with items): what happened, then every problem, each by its line.
export function problemNodes(answer) {
  const p = Object.assign(document.createElement("p"), { className: "error", textContent: `${answer.title}. ${(answer.items ?? []).length} problem(s); nothing was imported:` });
  const list = Object.assign(document.createElement("ul"), { className: "problems" });
  list.append(...(answer.items ?? [answer.detail]).map(text => Object.assign(document.createElement("li"), { textContent: text })));
  return [p, list];
}
