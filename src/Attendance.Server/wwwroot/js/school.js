import { connect } from "./live.js";
import { absent, percent, sessionLabel } from "./format.js";
import { showAlerts } from "./alerts.js";
import { showTasks } from "./tasks.js";
import { offerNotifications } from "./notifications.js";
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { pupilHref, showConnection, showNav } from "./nav.js";

const schoolId = new URLSearchParams(location.search).get("school") ?? "demo";
const $ = id => document.getElementById(id);
const stateNames = { NotStarted: "Not started", InProgress: "In progress", Submitted: "Submitted" };

const user = await signedIn();
showNav(user);
const live = connect(status => showConnection($("connection"), status), message => { $("session").textContent = message; });
// Each panel only for those it is for (the server says what the user may; the hub refuses the others anyway).
const may = capability => user.may.includes(capability);
if (may("ViewSchool")) live.watch(schoolId, render);
else yearOnly();
let reports = [], current = null;
if (may("Alerts")) {
  showAlerts(live, schoolId);
  offerNotifications($("duty"), `/api/schools/${encodeURIComponent(schoolId)}/duty`, {
    on: "You are on duty: a pupil missing from a lesson while in school reaches this device at once, until midnight.",
    off: "This device is not on duty.",
    turnOn: "Go on duty on this device",
    turnOff: "Go off duty",
  }, answer => {
    const time = at => new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    const onDuty = answer.onDuty ?? [];
    $("on-duty").textContent = onDuty.length
      ? `On duty with alerts on their phone: ${onDuty.map(s => `${s.name} (${s.position}, until ${time(s.until)})`).join(", ")}.`
      : "No one is on duty with alerts on their phone.";
  }).catch(() => {});
} else $("alerts-title").closest("section").hidden = true;
if (may("FollowUp")) {
  showTasks(live, schoolId, "schools");
  // A parent's report stands in for the call: the call list says who reported what instead of asking for a call.
  live.family(schoolId, all => {
    reports = [...all.values()].filter(i => i.type === "report");
    if (current) render(current);
  });
} else $("tasks-title").closest("section").hidden = true;
live.start();

// A head of year sees their forms' alerts, not the whole school's figures.
function yearOnly() {
  for (const panel of document.querySelectorAll("main > section, main > .lists")) panel.hidden = !panel.contains($("alerts"));
  api(`/api/schools/${encodeURIComponent(schoolId)}`).then(r => r.ok ? r.json() : null).then(school => {
    const name = school?.name ?? schoolId;
    document.title = `${name}: your forms' alerts`;
    $("school-name").textContent = name;
  });
  $("session").textContent = `Your forms: ${user.groups.join(", ")}`;
  $("alerts-title").firstChild.textContent = "Alerts for your forms: ";
  $("updated").parentElement.hidden = true;
}

function reportFor(upn, session) {
  return reports.find(r => r.upn === upn && r.sessions.first <= session && session <= r.sessions.last);
}

function render(s) {
  current = s;
  document.title = `${s.schoolName}: attendance`;
  $("school-name").textContent = s.schoolName;
  $("session").textContent = sessionLabel(s);
  $("updated").textContent = s.updatedAt.toLocaleTimeString("en-GB");
  $("updated").dateTime = s.updatedAt.toISOString();

  const t = s.totals;
  $("attendance").textContent = percent(t.attendancePercent);
  $("target").textContent = `target ${percent(s.targetPercent)}`;
  $("attendance").parentElement.classList.toggle("below", t.attendancePercent !== null && t.attendancePercent < s.targetPercent);
  $("present").textContent = t.present;
  $("late").textContent = t.late;
  $("after-close").textContent = $("after-close").dataset.count = t.arrivedAfterRegisterClosed;
  $("absent").textContent = absent(t);
  $("no-reason").textContent = $("no-reason").dataset.count = t.reasonNotYetEstablished;
  $("unmarked").textContent = t.unmarked;
  $("on-roll").textContent = `of ${t.onRoll} on roll`;

  renderArrivals(s.arrivals);
  renderClasses([...s.classes.values()], s.targetPercent);
  renderPupils($("call-list"), $("call-count"), [...s.callList.values()], p => {
    const report = s.session && reportFor(p.upn, s.session);
    if (!report) return p.classId;
    const said = report.arrivingAt ? `running late, arriving about ${report.arrivingAt.slice(0, 5)}`
      : report.reason === "MedicalAppointment" ? "medical appointment" : report.reason.toLowerCase();
    return `${p.classId}; reported by parent: ${said}, ${report.reportedBy.name}`;
  });
  renderPupils($("late-list"), $("late-count"), [...s.lateAfterClose.values()], p => `${p.classId}${p.arrivedAt ? `, ${p.arrivedAt.slice(0, 5)}` : ""}`);
}

function renderArrivals(arrivals) {
  const minutes = [...arrivals.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
  const total = minutes.reduce((sum, [, n]) => sum + n, 0);
  $("arrivals-total").textContent = total;
  const chart = $("arrivals-chart");
  chart.replaceChildren();
  if (minutes.length === 0) {
    $("arrivals-range").textContent = "No gate arrivals yet.";
    return;
  }
  const toMinute = t => +t.slice(0, 2) * 60 + +t.slice(3, 5);
  const first = toMinute(minutes[0][0]), last = toMinute(minutes[minutes.length - 1][0]);
  const span = Math.max(last - first + 1, 30), max = Math.max(...minutes.map(([, n]) => n));
  const width = 600 / span;
  for (const [minute, n] of minutes) {
    const bar = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    const height = (n / max) * 110;
    bar.setAttribute("x", (toMinute(minute) - first) * width);
    bar.setAttribute("y", 120 - height);
    bar.setAttribute("width", Math.max(width - 1, 1));
    bar.setAttribute("height", height);
    bar.append(Object.assign(document.createElementNS("http://www.w3.org/2000/svg", "title"), { textContent: `${minute.slice(0, 5)}: ${n}` }));
    chart.append(bar);
  }
  $("arrivals-range").textContent = `${minutes[0][0].slice(0, 5)} to ${minutes[minutes.length - 1][0].slice(0, 5)}, busiest minute ${max}`;
}

// Seed 001 celebrates classes at or above the target each week: a star on their card.
function renderClasses(classes, target) {
  $("classes").replaceChildren(...classes.sort((a, b) => a.classId.localeCompare(b.classId)).map(c => {
    const item = document.createElement("li");
    item.className = `class ${c.state}`;
    item.dataset.classId = c.classId;
    item.innerHTML = `<h3></h3><span class="state"></span>
      <dl><dt>Present</dt><dd class="present"></dd><dt>Absent</dt><dd class="absent"></dd><dt>Unmarked</dt><dd class="unmarked"></dd>
      <dt>This week</dt><dd class="week"></dd></dl>`;
    item.querySelector("h3").textContent = c.className;
    item.querySelector(".state").textContent = stateNames[c.state];
    item.querySelector(".present").textContent = c.counts.present;
    item.querySelector(".absent").textContent = absent(c.counts);
    item.querySelector(".unmarked").textContent = c.counts.unmarked;
    const week = c.weekAttendancePercent;
    const star = week !== null && week >= target;
    item.querySelector(".week").textContent = `${percent(week)}${star ? " ★" : ""}`;
    item.querySelector(".week").title = star ? "At or above the school's target this week" : "";
    item.classList.toggle("above-target", star);
    return item;
  }));
}

function renderPupils(list, count, pupils, detail) {
  count.textContent = pupils.length;
  list.replaceChildren(...pupils.sort((a, b) => a.name.localeCompare(b.name)).map(p => {
    const item = document.createElement("li");
    item.dataset.upn = p.upn;
    item.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, p.upn), textContent: p.name }), ` (${detail(p)})`);
    return item;
  }));
}
