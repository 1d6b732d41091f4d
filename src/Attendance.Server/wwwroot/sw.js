// The app shell (pages, scripts, styles) for a classroom whose Wi-Fi comes and goes: fetched from the network when
// it answers within a few seconds (so a new version arrives at once), from this cache when it does not. The API and
// the hub are never cached here: the register page keeps its own data, and what it has not sent, on the device.
const cacheName = "attendance-shell-v8";
const shell = [
  "/", "/index.html", "/registers.html", "/register.html", "/lesson.html", "/rooms.html", "/office.html", "/pupil.html", "/dashboard.html",
  "/trust.html", "/provision.html", "/parent.html", "/requests.html", "/returns.html", "/analytics.html", "/signin-refused.html", "/site.html", "/rollcall.html",
  "/manifest.webmanifest", "/icons/icon.svg", "/css/dashboard.css", "/lib/signalr/signalr.min.js",
  "/js/auth.js", "/js/api.js", "/js/nav.js", "/js/live.js", "/js/format.js", "/js/start.js", "/js/registers.js",
  "/js/register.js", "/js/register-store.js", "/js/register-send.js", "/js/lesson.js", "/js/rooms.js", "/js/chart.js", "/js/timetable.js", "/js/pupil-lessons.js", "/js/office.js", "/js/pupil.js", "/js/school.js", "/js/alerts.js",
  "/js/tasks.js", "/js/trust.js", "/js/trust-year.js", "/js/provision.js", "/js/parent.js", "/js/notifications.js", "/js/requests.js",
  "/js/returns.js", "/js/ctf.js", "/js/analytics.js", "/js/pupil-search.js", "/js/history-import.js", "/js/year-end.js", "/js/lists.js", "/js/signin-refused.js",
  "/js/site.js", "/js/rollcall.js", "/js/roll-call-banner.js", "/js/period.js", "/js/groups.js", "/js/list-letters.js", "/js/casework.js",
];

self.addEventListener("install", event => {
  event.waitUntil(caches.open(cacheName).then(cache => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== cacheName).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The sign-in flow (/signin, /signout and the provider's callbacks) is the server's alone: its answers are redirects
// that must never come from a cache, and the first /signin of a server fetches the provider's metadata, which can
// take longer than the shell's timeout (under load the page then showed the browser's own network error).
const notForTheShell = path => ["/api/", "/hubs/", "/signin", "/signout"].some(prefix => path.startsWith(prefix));

self.addEventListener("fetch", event => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || notForTheShell(url.pathname)) return;
  event.respondWith(networkFirst(event.request));
});

async function networkFirst(request) {
  const cache = await caches.open(cacheName);
  try {
    const response = await withTimeout(fetch(request), 4000);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch {
    return (await cache.match(request, { ignoreSearch: true })) ?? Response.error();
  }
}

const withTimeout = (promise, ms) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

// A notification from the school (Web Push): shown with its words, and a tap opens its page (the parent's page, or
// the absence report form for a first-day message) in a window of the app that is already open, else a new one.
self.addEventListener("push", event => {
  const note = event.data?.json() ?? {};
  event.waitUntil(self.registration.showNotification(note.title ?? "A message from school", {
    body: note.body, tag: note.tag, icon: "/icons/icon.svg", data: { url: note.url ?? "/parent.html" },
  }));
});

self.addEventListener("notificationclick", event => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? "/parent.html", self.location.origin);
  if (url.origin !== self.location.origin) return; // only the service's own pages
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(open => {
    const page = open.find(c => new URL(c.url).pathname === url.pathname);
    return page ? page.navigate(url.href).then(c => c?.focus()) : self.clients.openWindow(url.href);
  }));
});
