// "/" takes each role to its own start: teachers to their registers, the office to its desk, leads to the dashboard,
// trust leaders to the trust view, provision staff to their provision. The server decides (GET /api/me), so the
// rule lives in one place (StartPage.cs).
import { signedIn } from "./auth.js";
import "./nav.js"; // the service worker, so the app shell is kept from the first page on

const me = await signedIn().catch(() => null);
if (me?.start) location.replace(me.start);
else document.getElementById("start").textContent = me
  ? "Your account has no role in this service. Ask your trust's IT team to give you one (teacher, attendance officer, attendance lead, senior leader, trust leader or provision staff)."
  : "Could not reach the school's service. Check the connection and reload.";
