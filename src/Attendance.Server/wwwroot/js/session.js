// Who is signed in. The API and the hub take a bearer token: from the trust's identity provider in production, or
// from the development sign-in (seeded users, one per role) in the embedded default. Kept for this tab only.
const key = "attendance.token";

export const token = () => sessionStorage.getItem(key);

// fetch with the token; a 401 (no token, or it expired) asks the user to sign in again.
// With no token the page's session cookie signs the request (the trust's sign-in); X-CSRF tells the server the
// request comes from the pages, not from a form on another site.
export async function api(url, options = {}) {
  const headers = { ...options.headers, "X-CSRF": "1" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
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

// The signed-in user's name, roles and scope (from the token), after signing in if there is no token yet.
export async function signedIn() {
  const user = token() ? fromToken(readClaims(token())) : await fromSession();
  // No token or session, or a token that cannot be read: sign in again rather than stay on "Connecting…". Expiry
  // is the server's to judge (a device's clock may be wrong): its 401 asks for sign-in (see api).
  if (!user) await signIn();
  showUser(user);
  return user;
}

function fromToken(claims) {
  const list = value => [value ?? []].flat();
  return claims && { name: claims.name, roles: list(claims.role), schools: list(claims.school), groups: list(claims.group), provisions: list(claims.provision) };
}

// Signed in through the trust's sign-in: the server holds the session (a cookie) and says who it is.
async function fromSession() {
  const response = await fetch("/api/me");
  if (!response.ok) return null;
  const me = await response.json();
  return { name: me.name, roles: me.roles, schools: me.schools.map(s => s.schoolId), groups: me.groups, provisions: me.provisions, session: true };
}

function readClaims(jwt) {
  try {
    return JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return null;
  }
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

// The service worker keeps the app shell for a classroom whose Wi-Fi comes and goes (see sw.js). Registered once the
// page has loaded, so caching the shell never competes with the page's own first paint.
if ("serviceWorker" in navigator) {
  const register = () => navigator.serviceWorker.register("/sw.js").catch(() => {});
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}

async function signIn() {
  sessionStorage.removeItem(key);
  const mode = await (await fetch("/api/sign-in")).json();
  const dialog = document.createElement("dialog");
  dialog.className = "sign-in";
  dialog.setAttribute("aria-labelledby", "sign-in-title");
  if (mode.mode !== "development") {
    dialog.innerHTML = mode.signIn
      ? `<h2 id="sign-in-title">Sign in</h2><p>Use the account you have with your school or trust.</p><p><a class="button-link" id="provider-sign-in">Sign in with your school account</a></p>`
      : `<h2 id="sign-in-title">Sign in</h2><p>Sign in through your trust's identity provider, then open this page again.</p>`;
    dialog.querySelector("#provider-sign-in")?.setAttribute("href", `${mode.signIn}?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
    document.body.append(dialog);
    dialog.showModal();
    return new Promise(() => {});
  }
  const users = await fetch("/api/dev/users");
  dialog.innerHTML = `<h2 id="sign-in-title">Development sign-in</h2>
    <p class="warning"><strong>For development only.</strong> Seeded users, no password. A real deployment signs in through the trust's identity provider.</p>
    <ul class="users"></ul>`;
  for (const user of await users.json()) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.user = user.id;
    b.textContent = `${user.name}: ${user.position} (${user.roles.join(", ")}${[...user.schools, ...user.provisions].map(s => `, ${s}`).join("")})`;
    b.addEventListener("click", async () => {
      const response = await fetch("/api/dev/sign-in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user: user.id }) });
      sessionStorage.setItem(key, (await response.json()).token);
      location.reload();
    });
    li.append(b);
    dialog.querySelector(".users").append(li);
  }
  document.body.append(dialog);
  dialog.showModal();
  return new Promise(() => {}); // the page reloads once signed in
}

// The pages each role may use, in the order of their morning; a page no role of the user may use is not shown.
const pages = [
  { href: u => `registers.html?school=${u.schools[0]}`, text: "My registers", roles: ["teacher"] },
  { href: u => `office.html?school=${u.schools[0]}`, text: "Office desk", roles: ["attendance-officer", "attendance-lead"] },
  { href: u => `dashboard.html?school=${u.schools[0]}`, text: "Dashboard", roles: ["attendance-officer", "attendance-lead", "senior-leader"] },
  { href: u => `requests.html?school=${u.schools[0]}`, text: "Parents' requests", roles: ["attendance-officer", "attendance-lead", "senior-leader"] },
  { href: u => `returns.html?school=${u.schools[0]}`, text: "Returns", roles: ["attendance-officer", "attendance-lead", "senior-leader"] },
  { href: u => `analytics.html?school=${u.schools[0]}`, text: "Analytics", roles: ["attendance-lead", "senior-leader"] },
  { href: () => "trust.html", text: "All schools", roles: ["trust-leader"] },
  { href: u => `provision.html?provision=${u.provisions[0]}`, text: "Provision", roles: ["provision-staff"] },
  { href: () => "parent.html", text: "My children", roles: ["parent"] },
];

function showUser(user) {
  const status = document.querySelector("header .status");
  if (!status) return;
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", "Pages");
  nav.className = "pages";
  for (const page of pages.filter(p => p.roles.some(r => user.roles.includes(r)))) {
    const a = document.createElement("a");
    a.href = page.href(user);
    a.textContent = page.text;
    if (a.pathname === location.pathname) a.setAttribute("aria-current", "page");
    nav.append(a);
  }
  const who = document.createElement("span");
  who.id = "signed-in";
  who.textContent = `${user.name} (${user.roles.join(", ")})`;
  const out = document.createElement("button");
  out.type = "button";
  out.className = "sign-out";
  out.textContent = "Sign out";
  // A session with the trust's sign-in ends there too; a token is simply forgotten.
  out.addEventListener("click", () => { sessionStorage.removeItem(key); location.href = user.session ? "/signout" : "/"; });
  status.append(nav, who, out);
}
