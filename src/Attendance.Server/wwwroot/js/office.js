// The office desk: late arrivals signed in, marks amended with a reason, registers still open after the late time
// (live), follow-up tasks, and the roster imported with a preview first.
import { signedIn } from "./auth.js";
import { api, post } from "./api.js";
import { pupilHref, schoolOf, showConnection, showNav } from "./nav.js";
import { connect } from "./live.js";
import { showTasks } from "./tasks.js";
import { pupilSearch } from "./pupil-search.js";
import { longDate } from "./format.js";
import { problemNodes } from "./api.js";
import { historyImport } from "./history-import.js";
import { yearEnd } from "./year-end.js";
import { timetable } from "./timetable.js";
import { titledList as list } from "./lists.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
let pupils = [], today = null, codes = [];
const hhmm = t => t.slice(0, 5);

// What the user may not do is not shown (the server says what they may): the lead amends but does not sign pupils
// in or import the roster.
$("arrival-panel").hidden = !user.may.includes("RecordArrival");
$("roster-panel").hidden = !user.may.includes("ManageSchool");
if (user.may.includes("ManageSchool")) {
  historyImport(base);
  yearEnd(base);
  timetable(base);
}
$("dashboard-link").href = `dashboard.html?school=${encodeURIComponent(schoolId)}`;

const [pupilsResponse, codesResponse] = await Promise.all([api(`${base}/pupils`), fetch("/api/codes"), loadToday()]);
if (pupilsResponse.ok) pupils = await pupilsResponse.json();
codes = (await codesResponse.json()).filter(c => c.category !== "Administrative");
$("amend-code").replaceChildren(...codes.map(c => new Option(`${c.code}: ${c.meaning}`, c.code)));

const live = connect(status => showConnection($("connection"), status), () => {});
let refresh;
live.watch(schoolId, () => { clearTimeout(refresh); refresh = setTimeout(loadToday, 500); });
showTasks(live, schoolId, "schools");
live.start();
setInterval(loadToday, 60000); // the late time passes without any mark being made

// Late arrivals
let arriving = null;
const hrefOf = upn => pupilHref(schoolId, upn);
pupilSearch($("arrival"), () => pupils, p => { arriving = p; $("arrival-result").textContent = ""; }, hrefOf);
$("arrival").addEventListener("submit", async event => {
  event.preventDefault();
  if (!arriving) return ($("arrival-result").textContent = "Find the pupil first.");
  const time = $("arrival-time").value;
  const body = { upn: arriving.upn, reason: $("arrival-reason").value || null };
  if (time) body.arrivedAt = instantAt(time);
  const response = await post(`${base}/arrivals`, body);
  const answer = await response.json();
  $("arrival-result").textContent = response.ok ? explainArrival(arriving, answer) : answer.detail;
  if (response.ok) $("arrival-reason").value = $("arrival-time").value = "";
});

function explainArrival(pupil, result) {
  const entry = result.recorded[0];
  if (!entry) return `${pupil.name} was already marked present for this session: nothing changed.`;
  const window = windowOf(pupil.classId, entry.session);
  const at = hhmm(entry.arrivedAt);
  if (entry.code === "U") return `${pupil.name}: U (arrived after the register closed) at ${at}. The register closed at ${hhmm(window.closes)}, so this session counts as an unauthorised absence.`;
  if (entry.code === "L") return `${pupil.name}: L (late) at ${at}, after the late time ${hhmm(window.lateAfter)} and before the register closed at ${hhmm(window.closes)}. Counts as present.`;
  return `${pupil.name}: present (${entry.code}) at ${at}, before the late time ${hhmm(window.lateAfter)}.`;
}

// The time typed at the desk is the school's wall-clock time today (the school's date from the server).
function instantAt(time) {
  return `${today.date}T${time}:00${today.utcOffset}`;
}

function windowOf(classId, session) {
  const c = today.classes.find(x => x.classId === classId);
  return c.registers.find(r => r.session === session)?.window ?? c.registers[0].window;
}

// Amendments
let amending = null;
pupilSearch($("amend"), () => pupils, p => { amending = p; showHistory(); }, hrefOf);
$("amend-date").addEventListener("change", showHistory);
$("amend-part").addEventListener("change", showHistory);
const amendSession = () => `${$("amend-date").value}-${$("amend-part").value}`;

async function showHistory() {
  const box = $("amend-history");
  $("amend-result").textContent = "";
  if (!amending || !$("amend-date").value) return box.replaceChildren();
  const response = await api(`${base}/pupils/${amending.upn}/sessions/${amendSession()}`);
  const history = response.ok ? await response.json() : [];
  const current = history[history.length - 1];
  const heading = document.createElement("p");
  heading.className = "current";
  heading.textContent = current
    ? `Current mark: ${current.code} (${codes.find(c => c.code === current.code)?.meaning ?? ""})`
    : response.ok ? "No mark yet for this session: nothing to amend." : (await response.json()).detail;
  const list = document.createElement("ol");
  list.className = "history";
  list.setAttribute("aria-label", "Every entry for this session, original first");
  list.append(...history.map(entry => {
    const li = document.createElement("li");
    li.textContent = `${entry.code} by ${entry.recordedBy.name} (${entry.recordedBy.position}) at ${new Date(entry.recordedAt).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}, ${entry.source}${entry.amendmentReason ? `: "${entry.amendmentReason}"` : entry.note ? `: "${entry.note}"` : ""}`;
    return li;
  }));
  box.replaceChildren(heading, list);
}

$("amend").addEventListener("submit", async event => {
  event.preventDefault();
  if (!amending) return ($("amend-result").textContent = "Find the pupil first.");
  const response = await post(`${base}/pupils/${amending.upn}/amendments`, { session: amendSession(), code: $("amend-code").value, reason: $("amend-reason").value });
  const answer = await response.json();
  if (response.ok) {
    $("amend-reason").value = "";
    await showHistory(); // the trail now ends with this amendment
  }
  $("amend-result").textContent = response.ok
    ? `Amended: ${amending.name} is now ${answer.recorded[0].code} for ${amendSession()}. The original mark is kept.`
    : answer.detail;
});

// Registers still open after the late time, per class, for today's sessions.
async function loadToday() {
  const response = await api(`${base}/registers/today`).catch(() => null);
  if (!response?.ok) return;
  today = await response.json();
  $("school-name").textContent = `${today.schoolName}: office desk`;
  $("day").textContent = longDate(today.date);
  if (!$("amend-date").value) $("amend-date").value = today.date;
  const now = today.now.slice(11, 16);
  const late = today.classes.flatMap(c => c.registers
    .filter(r => r.open && r.state !== "Submitted" && now >= hhmm(r.window.lateAfter))
    .map(r => ({ c, r })));
  $("outstanding-count").textContent = late.length;
  $("outstanding").replaceChildren(...late.map(({ c, r }) => {
    const li = document.createElement("li");
    li.dataset.classId = c.classId;
    li.textContent = `${c.className}, ${r.session.endsWith("AM") ? "morning" : "afternoon"}: ${r.state === "InProgress" ? "in progress" : "not started"} (late after ${hhmm(r.window.lateAfter)})`;
    return li;
  }));
}

// The roster: a preview of what the file would change, then apply.
let rosterFile = null;
$("roster").addEventListener("submit", async event => {
  event.preventDefault();
  rosterFile = $("roster-file").files[0];
  const preview = await sendRoster("?dryRun=true");
  $("roster-apply").disabled = !preview;
  if (preview) showPreview(preview);
});
$("roster-apply").addEventListener("click", async () => {
  const result = await sendRoster("");
  $("roster-apply").disabled = true;
  if (result) {
    paragraph(`Imported: ${result.pupilsAdded} pupil(s) added, ${result.pupilsUpdated} updated (${result.pupilsMoved} moved), ${result.classesAdded} class(es) added.`);
    pupils = await (await api(`${base}/pupils`)).json();
  }
});

async function sendRoster(query) {
  const text = await rosterFile.text();
  const csv = rosterFile.name.toLowerCase().endsWith(".csv");
  const response = await api(`${base}/roster${query}`, { method: "POST", body: text, headers: { "Content-Type": csv ? "text/csv" : "application/json" } });
  const answer = await response.json();
  if (response.ok) return answer;
  $("roster-preview").replaceChildren(...problemNodes(answer));
  return null;
}

function showPreview(preview) {
  const box = $("roster-preview");
  const c = preview.counts;
  const summary = document.createElement("p");
  summary.className = "summary";
  summary.textContent = `Preview, nothing changed yet: ${c.pupilsAdded} pupil(s) to add, ${c.pupilsUpdated} to update (${c.pupilsMoved} moving class), ${preview.unchanged} unchanged; ${c.classesAdded} class(es) to add, ${c.classesUpdated} to update.`;
  box.replaceChildren(summary,
    ...list("Pupils to add", preview.pupilsAdded, p => `${p.name} (${p.upn}) into ${p.classId}`),
    ...list("Pupils moving class", preview.pupilsMoved, p => `${p.name} (${p.upn}): ${p.fromClassId} → ${p.classId}`),
    ...list("Pupils to update", preview.pupilsUpdated.filter(p => p.fromClassId === p.classId), p => `${p.name} (${p.upn})`),
    ...list("Classes to add", preview.classesAdded, g => `${g.name} (${g.id})`),
    ...list("Classes to update (name or phase)", preview.classesUpdated, g => `${g.name} (${g.id}${g.phase ? `, ${g.phase}` : ", no phase"})`));
}

function paragraph(text) {
  $("roster-preview").replaceChildren(Object.assign(document.createElement("p"), { className: "summary", textContent: text }));
}
