import { connect } from "./live.js";
import { showConnection, showNav } from "./nav.js";
import { showTasks } from "./tasks.js";
import { signedIn } from "./auth.js";
import { api, post as send } from "./api.js";
import { longDate } from "./format.js";

// An enhanced provision's day: its guests per session, marked on arrival (or as unable to attend), and its calls.
const provisionId = new URLSearchParams(location.search).get("provision") ?? "bridge";
const $ = id => document.getElementById(id);
const base = `/api/provisions/${encodeURIComponent(provisionId)}`;

showNav(await signedIn());
const live = connect(status => showConnection($("connection"), status), message => { $("guest-error").textContent = message; });
showTasks(live, provisionId, "provisions", () => load());
live.start();
load();
setInterval(load, 30000);

async function load() {
  const response = await api(`${base}/day`);
  if (!response.ok) return ($("day").textContent = (await response.json()).detail);
  const day = await response.json();
  document.title = `${day.name}: guests today`;
  $("provision-name").textContent = day.name;
  $("day").textContent = longDate(day.date);
  $("guests").replaceChildren(...day.lines.map(row));
}

function row(line) {
  const tr = document.createElement("tr");
  tr.dataset.upn = line.guest.placement.upn;
  tr.classList.toggle("called", line.callRaised && !line.mark);
  tr.innerHTML = `<td></td><td></td><td></td><td class="here"></td><td class="actions"></td>`;
  const cells = tr.querySelectorAll("td");
  cells[0].textContent = line.session.endsWith("AM") ? "Morning" : "Afternoon";
  cells[1].textContent = line.guest.name;
  cells[2].textContent = `${line.guest.placement.schoolId} (${line.guest.classId})`;
  cells[3].textContent = line.mark
    ? `${line.mark.code}${line.mark.arrivedAt ? ` at ${line.mark.arrivedAt.slice(0, 5)}` : ""}`
    : line.callRaised ? "Not arrived: call parent" : "Expected";
  if (!line.mark) {
    const arrived = button("Arrived", () => post("arrivals", { upn: line.guest.placement.upn }));
    const absent = button("Cannot attend…", () => {
      const reason = prompt(`Why can ${line.guest.name} not attend? (what the parent said)`);
      if (!reason) return;
      const code = prompt("Code for the reason (I illness, M medical, N not known)", "I");
      const told = confirm("Does the parent say they have already told the school? (the school is told either way)");
      post("absences", { upn: line.guest.placement.upn, session: line.session, code, reason, parentSaysSchoolTold: told });
    });
    cells[4].append(arrived, absent);
  }
  return tr;
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

async function post(verb, body) {
  const response = await send(`${base}/${verb}`, body);
  $("guest-error").textContent = response.ok ? "" : (await response.json()).detail;
  await load();
}
