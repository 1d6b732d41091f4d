// "Emergency roll call under way" at the top of every staff page with a live feed, linking to the roll call: a
// teacher with a register open learns of it at once (the hub's "rollCall" message), and a page opened during one
// asks when it loads. Not on the roll call page itself.
import { api } from "./api.js";

const onRollCallPage = location.pathname.endsWith("/rollcall.html");

export async function rollCallBanner(schoolId) {
  if (onRollCallPage) return;
  const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/roll-calls/current`).catch(() => null);
  if (response?.ok) showRollCallBanner(schoolId, !!(await response.json()).current);
}

export function showRollCallBanner(schoolId, underWay) {
  if (onRollCallPage) return;
  let banner = document.getElementById("roll-call-banner");
  if (!underWay) return banner?.remove();
  if (banner) return;
  banner = Object.assign(document.createElement("p"), { id: "roll-call-banner", className: "roll-call-banner" });
  banner.setAttribute("role", "alert");
  banner.append("Emergency roll call under way. ",
    Object.assign(document.createElement("a"), { href: `rollcall.html?school=${encodeURIComponent(schoolId)}`, textContent: "Account for your pupils" }));
  document.querySelector("main")?.prepend(banner);
}
