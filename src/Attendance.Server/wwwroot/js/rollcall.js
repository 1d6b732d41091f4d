// The emergency roll call on a phone: everyone who should be on site (a teacher's own pupils, the office's every
// pupil), each tapped as accounted for. Each tap, anyone's, reaches every phone and the office at once, so the list
// of those still missing shrinks live; the office or a senior leader starts and ends it.
import { signedIn } from "./auth.js";
import { api, post } from "./api.js";
import { schoolOf, showConnection, showNav } from "./nav.js";
import { connect } from "./live.js";
import { dateTime, time } from "./format.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
const mayStart = user.may.includes("StartRollCall");
const seesSchool = user.may.includes("ViewSchool");
let current = null;

api(base).then(r => r.ok && r.json()).then(school => school && ($("school-name").textContent = school.name));

const live = connect(status => showConnection($("connection"), status), message => ($("problem").textContent = message));
live.rollCall(schoolId, (rollCall, line) => {
  current = rollCall;
  show(line);
});
live.start();
showHeld();

$("start").addEventListener("click", async () => {
  $("start").disabled = true;
  try {
    const response = await post(`${base}/roll-calls`, {});
    if (!response.ok) return ($("problem").textContent = (await response.json()).detail);
    $("problem").textContent = "";
    current = await response.json();
    show();
  } catch {
    $("problem").textContent = "No connection: the roll call did not start. Tap again when you have signal.";
  } finally {
    $("start").disabled = false;
  }
});

$("end").addEventListener("click", async () => {
  const missing = current.lines.filter(l => !l.accountedBy).length;
  if (missing > 0 && !confirm(`${missing} pupil(s) are still not accounted for. End the roll call anyway? It is kept as it stands.`)) return;
  const response = await post(`${base}/roll-calls/${encodeURIComponent(current.id)}/end`, {});
  if (!response.ok) return ($("problem").textContent = (await response.json()).detail);
  current = null;
  show();
  showHeld();
});

// One tap: accounted for, or (again) not yet. The screen changes when the server has it, so what is shown is what
// everyone else sees; until then the button says it is being saved.
async function tap(line, button) {
  button.disabled = true;
  button.querySelector(".saving").textContent = " (saving…)";
  const url = `${base}/roll-calls/${encodeURIComponent(current.id)}/pupils/${encodeURIComponent(line.upn)}`;
  try {
    const response = await api(url, { method: line.accountedBy ? "DELETE" : "PUT" });
    if (!response.ok) throw new Error((await response.json()).detail);
    $("problem").textContent = "";
    replace(await response.json());
  } catch (error) {
    button.disabled = false;
    button.querySelector(".saving").textContent = "";
    $("problem").textContent = error instanceof TypeError
      ? `No connection: ${line.name} is not saved yet. Tap again when you have signal.`
      : error.message;
  }
}

// A line as the server last had it: a change told twice, or late, never undoes a later one.
function replace(line) {
  if (!current) return;
  const i = current.lines.findIndex(l => l.upn === line.upn);
  if (i >= 0 && line.version >= current.lines[i].version) current.lines[i] = line;
  show(line);
}

function show(changed) {
  const underWay = current && !current.endedAt;
  $("start").hidden = !mayStart || underWay;
  $("end").hidden = !mayStart || !underWay;
  $("missing-panel").hidden = $("accounted-panel").hidden = !underWay;
  if (!underWay) {
    $("state").textContent = mayStart ? "No roll call under way. Start one and every member of staff sees their pupils to account for." : "No roll call under way.";
    return;
  }
  const missing = current.lines.filter(l => !l.accountedBy);
  const accounted = current.lines.filter(l => l.accountedBy);
  const started = `Started at ${time(current.startedAt)} by ${current.startedBy.name}.`;
  // Said in words (a screen reader hears it as each tap lands): never by colour alone.
  $("state").textContent = missing.length === 0
    ? `${started} Everyone is accounted for (${accounted.length}).`
    : `${started} ${missing.length} still to account for, ${accounted.length} accounted for.`
      + (changed ? ` ${changed.name} ${changed.accountedBy ? `accounted for by ${changed.accountedBy.name}` : "is missing again"}.` : "");
  if (current.lines.length === 0) $("state").textContent = `${started} None of your pupils is expected on site (absent, signed out or not on roll today).`;
  $("missing-count").textContent = missing.length;
  $("accounted-count").textContent = accounted.length;
  // Redrawn on every tap, anyone's: the keyboard's place stays on the pupil it was on.
  const focused = document.activeElement?.dataset?.upn;
  $("missing").replaceChildren(...missing.map(item));
  $("accounted").replaceChildren(...accounted.map(item));
  if (focused) document.querySelector(`.roll-pupil[data-upn="${CSS.escape(focused)}"]`)?.focus();
}

function item(line) {
  const li = document.createElement("li");
  const button = Object.assign(document.createElement("button"), { type: "button", className: "roll-pupil" });
  button.setAttribute("aria-pressed", String(!!line.accountedBy));
  button.dataset.upn = line.upn;
  const name = Object.assign(document.createElement("span"), { className: "name", textContent: line.name });
  const detail = Object.assign(document.createElement("span"), { className: "detail" });
  detail.textContent = line.accountedBy
    ? `${line.classId}. Accounted for by ${line.accountedBy.name} at ${time(line.accountedAt)}`
    : `${line.classId}${line.note ? `. ${line.note}` : ""}`;
  button.append(name, detail, Object.assign(document.createElement("span"), { className: "saving" }));
  button.addEventListener("click", () => tap(line, button));
  li.append(button);
  return li;
}

// The record: the office and leaders see the roll calls held, with how many were accounted for.
async function showHeld() {
  if (!seesSchool) return;
  const response = await api(`${base}/roll-calls`);
  if (!response.ok) return;
  const held = await response.json();
  $("held-panel").hidden = held.length === 0;
  $("held").replaceChildren(...held.map(r => Object.assign(document.createElement("li"), {
    textContent: `${dateTime(r.startedAt, "medium")}, started by ${r.startedBy.name}: `
      + `${r.accounted} of ${r.expected} accounted for${r.endedAt ? `, ended at ${time(r.endedAt)} by ${r.endedBy.name}` : ", under way"}.`,
  })));
}
