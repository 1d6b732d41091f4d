// Every page's header: the pages the signed-in user may open (as the server lists them), who they are and signing
// out; the live connection's state; links to pupils; and the service worker that keeps the app shell.
import { signOut } from "./auth.js";

// The header's menu: the server's list of pages for this user (GET /api/me), the current one marked.
export function showNav(me) {
  const status = document.querySelector("header .status");
  if (!status) return;
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", "Pages");
  nav.className = "pages";
  for (const page of me.pages) {
    const a = Object.assign(document.createElement("a"), { href: page.href, textContent: page.title });
    if (a.pathname === location.pathname) a.setAttribute("aria-current", "page");
    nav.append(a);
  }
  const who = Object.assign(document.createElement("span"), { id: "signed-in", textContent: `${me.name} (${me.roles.join(", ")})` });
  const out = Object.assign(document.createElement("button"), { type: "button", className: "sign-out", textContent: "Sign out" });
  out.addEventListener("click", () => signOut(me));
  status.append(nav, who, out);
}

// The school a page is about: the address's ?school=, else the user's first school.
export const schoolOf = user => new URLSearchParams(location.search).get("school") ?? user.schools[0] ?? "demo";

// The pupil page's address, for every list that names a pupil.
export const pupilHref = (schoolId, upn) => `pupil.html?school=${encodeURIComponent(schoolId)}&upn=${encodeURIComponent(upn)}`;

// A paragraph linking to a pupil's page, for alerts and tasks.
export function pupilLink(schoolId, upn, name) {
  const p = document.createElement("p");
  p.className = "pupil-link";
  p.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, upn), textContent: `${name}: pupil page` }));
  return p;
}

// The live connection's state in the header (live / reconnecting / offline), in words, never by colour alone.
export function showConnection(element, status) {
  element.textContent = { live: "Live", reconnecting: "Reconnecting…", offline: "Offline" }[status];
  element.dataset.status = status;
}

// The service worker keeps the app shell for a classroom whose Wi-Fi comes and goes (see sw.js). Registered once the
// page has loaded, so caching the shell never competes with the page's own first paint.
if ("serviceWorker" in navigator) {
  const register = () => navigator.serviceWorker.register("/sw.js").catch(() => {});
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}
