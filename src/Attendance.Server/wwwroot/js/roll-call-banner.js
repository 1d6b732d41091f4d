// "Emergency roll call under way" at the top of every staff page with a live feed, linking to the roll call: a
// teacher with a register open learns of it at once (the hub's "rollCall" message), and a page opened during one
// asks when it loads. Not on the roll call page itself.
import { api } from "./api.js";

const onRollCallPage = location.pathname.endsWith("/rollcall.html");
const watched = new Set(); // the schools this page shows the banner for (one banner each)

export async function rollCallBanner(schoolId) {
  if (onRollCallPage) return;
  watched.add(schoolId);
  const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/roll-calls/current`).catch(() => null);
  if (response?.ok) showRollCallBanner(schoolId, !!(await response.json()).current);
}

export function showRollCallBanner(schoolId, underWay) {
  if (onRollCallPage || !watched.has(schoolId)) return;
  const id = `roll-call-banner-${schoolId}`;
  let banner = document.getElementById(id);
  if (!underWay) return banner?.remove();
  if (banner) return;
  banner = Object.assign(document.createElement("p"), { id, className: "roll-call-banner" });
  banner.setAttribute("role", "alert");
  banner.append("Emergency roll call under way. ",
    Object.assign(document.createElement("a"), { href: `rollcall.html?school=${encodeURIComponent(schoolId)}`, textContent: "Account for your pupils" }));
  document.querySelector("main")?.prepend(banner);
}
