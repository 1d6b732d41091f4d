// "Lessons now", for the office and senior leaders: the period under way (or the time chosen), each lesson's register
// (taken, not taken, overdue), and the pupils registered in school but absent from the lesson they should be in.
// Read again every 20 seconds while the page is open, so a lesson register taken shows within the period. Below, a
// report of lesson attendance over any range of days (by subject, teacher, period, year group or pupil): a chart
// the server draws, and the same figures in a table.
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { pupilHref, schoolOf, showNav } from "./nav.js";
import { drawChart } from "./chart.js";
import { percent } from "./format.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
let at = new URLSearchParams(location.search).get("at");

$("at-form").addEventListener("submit", event => {
  event.preventDefault();
  at = $("at").value || null;
  load();
});
$("now").addEventListener("click", () => { at = null; $("at").value = ""; load(); });
$("report-form").addEventListener("submit", event => { event.preventDefault(); report(); });
const today = await load();
if (today) {
  // The last four weeks by default.
  $("to").value = today;
  $("from").value = new Date(Date.parse(today) - 27 * 86400000).toISOString().slice(0, 10);
  await report();
}
setInterval(load, 20000);

async function report() {
  const query = new URLSearchParams({ from: $("from").value, to: $("to").value, by: $("by").value });
  for (const name of ["year", "day"]) if ($(name).value) query.set(name, $(name).value);
  const url = `/api/schools/${encodeURIComponent(schoolId)}/lessons/report`;
  const response = await api(`${url}?${query}`).catch(() => null);
  if (!response?.ok) {
    $("report-status").textContent = response ? (await response.json()).detail : "No connection: try again when it returns.";
    return;
  }
  const view = await response.json();
  const by = $("by").selectedOptions[0].textContent.toLowerCase();
  $("report-caption").textContent = `Lesson attendance by ${by}, ${view.from} to ${view.to}`;
  $("report-status").textContent = view.lines.length ? `${view.lines.length} line(s) by ${by}.` : "No lesson registers were taken in that range.";
  $("report-lines").replaceChildren(...view.lines.map(line => {
    const tr = document.createElement("tr");
    const cells = line.suppressed
      ? [line.key, `not shown: fewer than ${view.minimumGroupSize} pupils`, "", ""]
      : [line.key, percent(line.attendancePercent, "no marks"), `${line.present} / ${line.late} / ${line.absent}`, line.truancy];
    cells.forEach((text, i) => tr.append(Object.assign(document.createElement(i === 0 ? "th" : "td"), { textContent: text, ...(i === 0 ? { scope: "row" } : {}) })));
    return tr;
  }));
  await drawChart($("report-chart"), `${url}.svg?${query}`);
}

async function load() {
  const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/lessons/now${at ? `?at=${at}` : ""}`).catch(() => null);
  if (!response?.ok) {
    $("missing-summary").textContent = response ? (await response.json()).detail : "No connection: the lessons will show when it returns.";
    return null;
  }
  const now = await response.json();
  const period = now.period;
  $("period").textContent = period
    ? `${period.name}, ${period.starts.slice(0, 5)}–${period.ends.slice(0, 5)} (as at ${now.time.slice(0, 5)})`
    : `No lesson has started yet today (as at ${now.time.slice(0, 5)}).`;
  const missing = now.unaccounted;
  const overdue = now.lessons.filter(l => l.overdue).length;
  $("missing-summary").textContent = `${missing.length} pupil(s) unaccounted for; ${overdue} register(s) overdue.`;
  $("missing").replaceChildren(...missing.map(p => {
    const li = document.createElement("li");
    li.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, p.upn), textContent: `${p.name} (${p.classId})` }),
      `: registered in school, absent from ${p.subject} in room ${p.room}`);
    return li;
  }));
  $("lessons").replaceChildren(...now.lessons.map(({ status, overdue: late }) => {
    const lesson = status.lesson;
    const tr = document.createElement("tr");
    const state = status.state === "Submitted" ? "Taken" : late ? "Overdue: not taken" : "Not taken";
    for (const [text, className] of [
      [`${lesson.room}: ${lesson.subject} (${lesson.groupName}), ${lesson.teacher}${lesson.covered ? ` covering ${lesson.timetabledTeacher}` : ""}`],
      [state, late ? "Overdue" : status.state],
      [status.state === "Submitted" ? `${status.present} present, ${status.late} late, ${status.absent} absent` : `${status.pupils} pupil(s)`],
    ]) tr.append(Object.assign(document.createElement("td"), { textContent: text, className: className ?? "" }));
    return tr;
  }));
  return now.date;
}
