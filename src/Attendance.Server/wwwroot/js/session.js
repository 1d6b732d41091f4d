// Who is signed in. The API and the hub take a bearer token: from the trust's identity provider in production, or
// from the development sign-in (seeded users, one per role) in the embedded default. Kept for this tab only.
const key = "attendance.token";

export const token = () => sessionStorage.getItem(key);

// fetch with the token; a 401 (no token, or it expired) asks the user to sign in again.
export async function api(url, options = {}) {
  const headers = { ...options.headers, Authorization: `Bearer ${token()}` };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { ...options, headers });
  if (response.status === 401) await signIn();
  return response;
}

export const post = (url, body) => api(url, { method: "POST", body: JSON.stringify(body) });

// The signed-in user's name and roles (from the token), after signing in if there is no token yet.
export async function signedIn() {
  if (!token()) await signIn();
  const claims = JSON.parse(atob(token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  const user = { name: claims.name, roles: [claims.role ?? []].flat() };
  showUser(user);
  return user;
}

async function signIn() {
  sessionStorage.removeItem(key);
  const users = await fetch("/api/dev/users");
  const dialog = document.createElement("dialog");
  dialog.className = "sign-in";
  dialog.setAttribute("aria-labelledby", "sign-in-title");
  if (!users.ok) {
    dialog.innerHTML = `<h2 id="sign-in-title">Sign in</h2><p>Sign in through your trust's identity provider, then open this page again.</p>`;
    document.body.append(dialog);
    dialog.showModal();
    return new Promise(() => {});
  }
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

function showUser(user) {
  const status = document.querySelector("header .status");
  if (!status) return;
  const who = document.createElement("span");
  who.id = "signed-in";
  who.textContent = `${user.name} (${user.roles.join(", ")})`;
  const out = document.createElement("button");
  out.type = "button";
  out.textContent = "Sign out";
  out.addEventListener("click", () => { sessionStorage.removeItem(key); location.reload(); });
  status.append(who, out);
}
