import { connect } from "./live.js";
import { absent, percent, sessionLabel } from "./format.js";
import { showTrustAlerts } from "./alerts.js";
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { showConnection, showNav } from "./nav.js";
import { showTrustYear } from "./trust-year.js";

const $ = id => document.getElementById(id);
const rows = new Map();
const live = connect(status => showConnection($("connection"), status));

const user = await signedIn();
showNav(user);
const schools = await (await api("/api/schools")).json();
for (const school of schools) {
  const row = document.createElement("tr");
  row.dataset.schoolId = school.schoolId;
  row.innerHTML = `<th scope="row"><a class="school"></a> <a class="by-group note"></a></th><td class="session"></td><td class="attendance"></td><td class="present"></td>
    <td class="late"></td><td class="absent"></td><td class="no-reason"></td><td class="unmarked"></td><td class="submitted"></td>`;
  const link = row.querySelector("a.school");
  link.href = `dashboard.html?school=${encodeURIComponent(school.schoolId)}`;
  link.textContent = school.name;
  // The year so far by group (small groups withheld from the trust: see the analytics page).
  const byGroup = Object.assign(row.querySelector("a.by-group"), { href: `analytics.html?school=${encodeURIComponent(school.schoolId)}`, textContent: "Attendance by group" });
  byGroup.append(Object.assign(document.createElement("span"), { className: "visually-hidden", textContent: ` at ${school.name}` }));
  rows.set(school.schoolId, row);
  $("schools").append(row);
  live.watch(school.schoolId, render, null, { rollCallBanner: false });
}
showTrustAlerts(live);
live.start();
showTrustYear(user.may.includes("TrustPolicy"));

function render(s) {
  const row = rows.get(s.schoolId), t = s.totals, cell = name => row.querySelector(`.${name}`);
  const classes = [...s.classes.values()];
  cell("session").textContent = sessionLabel(s);
  cell("attendance").textContent = percent(t.attendancePercent);
  cell("attendance").classList.toggle("below", t.attendancePercent !== null && t.attendancePercent < s.targetPercent);
  cell("present").textContent = t.present;
  cell("late").textContent = t.late + t.arrivedAfterRegisterClosed;
  cell("absent").textContent = absent(t);
  cell("no-reason").textContent = t.reasonNotYetEstablished;
  cell("unmarked").textContent = t.unmarked;
  cell("submitted").textContent = `${classes.filter(c => c.state === "Submitted").length} of ${classes.length}`;
  $("updated").textContent = s.updatedAt.toLocaleTimeString("en-GB");
}
