// "Lessons now", for the office and senior leaders: the period under way (or the time chosen), each lesson's register
// (taken, not taken, overdue), and the pupils registered in school but absent from the lesson they should be in.
// Read again every 20 seconds while the page is open, so a lesson register taken shows within the period.
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { pupilHref, schoolOf, showNav } from "./nav.js";

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
await load();
setInterval(load, 20000);

async function load() {
  const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/lessons/now${at ? `?at=${at}` : ""}`).catch(() => null);
  if (!response?.ok) {
    $("missing-summary").textContent = response ? (await response.json()).detail : "No connection: the lessons will show when it returns.";
    return;
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
}
