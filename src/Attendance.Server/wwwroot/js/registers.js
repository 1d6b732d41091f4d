// "My registers": a teacher's classes with today's AM and PM registers and how far each has got, one tap from taking it.
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
const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/registers/today${date ? `?date=${date}` : ""}`).catch(() => null);
if (!response?.ok) {
  $("registers-status").textContent = response ? (await response.json()).detail : "No connection: your registers will show when the connection returns.";
} else {
  const today = await response.json();
  $("day").textContent = `${today.schoolName}: ${longDate(today.date)}`;
  if (today.classes.length === 0) $("registers-status").textContent = "You have no registration groups at this school. Ask the office to add you to your class.";
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
