// Who is signed in. The API and the hub take a bearer token (from the development sign-in, kept for this tab only) or
// the page session the server holds in a cookie (the trust's identity provider). Either way the server says who the
// user is, what they may open and do (GET /api/me): no role is interpreted on the page.
const key = "attendance.token";
const meKey = "attendance.me";

export const token = () => sessionStorage.getItem(key);

// The signed-in user as the server describes them, after signing in if there is nobody: name, roles, schools, the
// pages they may open (pages) and the capabilities they have (may). Offline (a classroom's Wi-Fi gone), who was
// signed in on this tab when the server last said, so a register already open keeps working.
export async function signedIn() {
  let response;
  try {
    response = await fetch("/api/me", { headers: token() ? { Authorization: `Bearer ${token()}` } : {} });
  } catch (offline) {
    const known = sessionStorage.getItem(meKey);
    if (known) return JSON.parse(known);
    throw offline;
  }
  if (!response.ok) await signIn();
  const answer = await response.json();
  const me = { ...answer, schools: answer.schools.map(s => s.schoolId) };
  sessionStorage.setItem(meKey, JSON.stringify(me));
  return me;
}

// Ends the session: with the trust's sign-in there too; a token is simply forgotten.
export async function signOut(me) {
  forget();
  await dropNotifications();
  location.href = me.session ? "/signout" : "/";
}

// Whoever signs in next on this browser (a shared tablet) must not get the last person's notifications: the browser's
// push subscription is dropped, and the service forgets it when the push service next answers that it is gone.
async function dropNotifications() {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const subscription = await registration?.pushManager?.getSubscription();
    await Promise.race([subscription?.unsubscribe(), new Promise(done => setTimeout(done, 2000))]);
  } catch {
    // Signing out goes on whatever the browser says.
  }
}

function forget() {
  sessionStorage.removeItem(key);
  sessionStorage.removeItem(meKey);
}

export async function signIn() {
  forget();
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
