// "My registers": a teacher's classes with today's AM and PM registers, and the lessons they teach today (cover
// included), with how far each register has got, one tap from taking it.
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { schoolOf, showNav } from "./nav.js";
import { longDate } from "./format.js";

const $ = id => document.getElementById(id);
const stateNames = { NotStarted: "Not started", InProgress: "In progress", Submitted: "Submitted" };
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);

const date = new URLSearchParams(location.search).get("date");
const query = date ? `?date=${date}` : "";
const lessonsAnswer = api(`/api/schools/${encodeURIComponent(schoolId)}/lessons${query}`).catch(() => null);
const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/registers/today${query}`).catch(() => null);
if (!response?.ok) {
  $("registers-status").textContent = response ? (await response.json()).detail : "No connection: your registers will show when the connection returns.";
} else {
  const today = await response.json();
  $("day").textContent = `${today.schoolName}: ${longDate(today.date)}`;
  const lessons = await showLessons(await lessonsAnswer);
  if (today.classes.length === 0 && lessons === 0) $("registers-status").textContent = "You have no registration groups or lessons at this school. Ask the office to add you to your class or the timetable.";
  else if (today.lastSchoolDay && !today.classes.some(c => c.registers.some(r => r.open))) {
    // A weekend or a holiday: the way to the last school day's registers (e.g. one not submitted on Friday).
    const a = Object.assign(document.createElement("a"), { href: `registers.html?school=${encodeURIComponent(schoolId)}&date=${today.lastSchoolDay}` });
    a.id = "last-school-day";
    a.textContent = `the registers of ${longDate(today.lastSchoolDay)}`;
    $("registers-status").replaceChildren("No registers today: the school is closed. See ", a, ".");
  }
  $("registers").replaceChildren(...today.classes.map(c => card(c, today)));
}

function card(c, today) {
  const li = document.createElement("li");
  li.className = "register-card";
  li.dataset.classId = c.classId;
  const h2 = document.createElement("h2");
  h2.textContent = c.className;
  const list = document.createElement("ul");
  for (const r of c.registers) {
    const item = document.createElement("li");
    const part = r.session.endsWith("AM") ? "Morning" : "Afternoon";
    if (!r.open) {
      item.textContent = `${part}: no register (school closed)`;
    } else {
      const a = document.createElement("a");
      a.href = `register.html?school=${encodeURIComponent(today.schoolId)}&class=${encodeURIComponent(c.classId)}&session=${r.session}`;
      a.className = `register-link ${r.state}`;
      a.dataset.session = r.session;
      a.innerHTML = `<span class="part"></span> <span class="window"></span> <span class="state"></span>`;
      a.querySelector(".part").textContent = part;
      a.querySelector(".window").textContent = `${r.window.opens.slice(0, 5)}–${r.window.closes.slice(0, 5)}`;
      a.querySelector(".state").textContent = stateNames[r.state] ?? "Not started";
      item.append(a);
    }
    list.append(item);
  }
  li.append(h2, list);
  return li;
}

// The day's lessons in period order: what they are, where, and whether the register is taken (in words, not colour alone).
async function showLessons(response) {
  if (!response?.ok) return 0;
  const day = await response.json();
  $("lessons-section").hidden = day.lessons.length === 0;
  $("lessons").replaceChildren(...day.lessons.map(item => {
    const lesson = item.lesson;
    const li = document.createElement("li");
    const a = Object.assign(document.createElement("a"), {
      href: `lesson.html?school=${encodeURIComponent(day.schoolId)}&date=${lesson.date}&lesson=${encodeURIComponent(lesson.lessonId)}`,
      className: `register-link ${item.overdue ? "Overdue" : item.state}`,
    });
    a.dataset.lesson = lesson.lessonId;
    const state = item.state === "Submitted" ? `Taken (${item.absent} absent)` : item.overdue ? "Overdue: not taken" : "Not taken";
    for (const [className, text] of [
      ["part", `${lesson.period.name} ${lesson.period.starts.slice(0, 5)}–${lesson.period.ends.slice(0, 5)}`],
      ["window", `${lesson.subject} (${lesson.groupName}), room ${lesson.room}${lesson.covered ? `, covering ${lesson.timetabledTeacher}` : ""}`],
      ["state", state],
    ]) a.append(Object.assign(document.createElement("span"), { className, textContent: text }));
    li.append(a);
    return li;
  }));
  return day.lessons.length;
}
