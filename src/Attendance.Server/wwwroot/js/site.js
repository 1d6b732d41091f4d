// Who is on site now, from today's marks, the office's sign-outs and lessons missed; the office's early sign-outs and
// signing back in; and the way to the emergency roll call. The list follows the school's live feed (read again at
// most every few seconds while marks come in).
import { signedIn } from "./auth.js";
import { api, post } from "./api.js";
import { pupilHref, schoolOf, showConnection, showNav } from "./nav.js";
import { connect } from "./live.js";
import { pupilSearch } from "./pupil-search.js";
import { longDate, time } from "./format.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
let site = { date: null, pupils: [] };

const where = {
  OnSite: "On site",
  NotRegisteredYet: "No mark yet today",
  SignedOut: "Signed out",
  NotOnSite: "Not in",
};

$("roll-call-link").href = `rollcall.html?school=${encodeURIComponent(schoolId)}`;
$("sign-out-panel").hidden = !user.may.includes("RecordArrival");
api(base).then(r => r.ok && r.json()).then(school => school && ($("school-name").textContent = `${school.name}: on site now`));

const codes = (await (await fetch("/api/codes")).json())
  .filter(c => (c.category === "AuthorisedAbsence" || c.category === "UnauthorisedAbsence") && c.code !== "N" && c.code !== "U");
$("sign-out-code").replaceChildren(new Option("The reason's code", ""), ...codes.map(c => new Option(`${c.code}: ${c.meaning}`, c.code)));

// The school's roll (legal names too) to find the pupil leaving, as at the arrivals desk.
const rollResponse = user.may.includes("RecordArrival") ? await api(`${base}/pupils`) : null;
const roll = rollResponse?.ok ? await rollResponse.json() : [];
let leaving = null;
pupilSearch($("sign-out"), () => roll, p => { leaving = p; $("sign-out-result").textContent = ""; }, upn => pupilHref(schoolId, upn));
$("sign-out").addEventListener("submit", async event => {
  event.preventDefault();
  if (!leaving) return ($("sign-out-result").textContent = "Find the pupil first.");
  const response = await post(`${base}/sign-outs`, {
    upn: leaving.upn, reason: $("sign-out-reason").value, details: $("sign-out-details").value || null,
    collectedBy: $("sign-out-collected").value, code: $("sign-out-code").value || null,
  });
  const answer = await response.json();
  $("sign-out-result").textContent = response.ok ? signedOutWords(answer) : answer.detail;
  if (response.ok) {
    $("sign-out-details").value = $("sign-out-collected").value = "";
    await load();
  }
});

function signedOutWords(record) {
  const sessions = record.sessions.map(s => (s.endsWith("AM") ? "morning" : "afternoon"));
  return `${record.name} signed out at ${time(record.at)}, collected by ${record.collectedBy}. `
    + (sessions.length ? `The ${sessions.join(" and ")} ${sessions.length > 1 ? "are" : "is"} marked ${record.code}.` : "Already registered for today's sessions: no code changed.");
}

async function signBackIn(pupil) {
  const response = await post(`${base}/sign-ins`, { upn: pupil.upn });
  const answer = await response.json();
  $("site-result").textContent = response.ok
    ? `${pupil.name} signed back in at ${time(answer.back.at)}.${answer.back.amended.length ? ` The ${answer.back.amended.map(s => (s.endsWith("AM") ? "morning" : "afternoon")).join(" and ")} mark is amended to the time they came back.` : ""}`
    : answer.detail;
  await load();
}

$("site-show").addEventListener("change", show);

async function load() {
  const response = await api(`${base}/site`);
  if (!response.ok) return;
  site = await response.json();
  $("day").textContent = site.date ? longDate(site.date) : "No school today";
  show();
}

function show() {
  const filter = $("site-show").value;
  const counts = Object.keys(where).map(p => [p, site.pupils.filter(x => x.presence === p).length]);
  $("site-counts").replaceChildren(...counts.map(([p, n]) => Object.assign(document.createElement("li"), { textContent: `${where[p]}: ${n}` })));
  $("site").replaceChildren(...site.pupils.filter(p => filter === "all" || p.presence === filter).map(row));
}

function row(pupil) {
  const tr = document.createElement("tr");
  const name = document.createElement("td");
  name.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, pupil.upn), textContent: pupil.name }));
  const where_ = document.createElement("td");
  where_.append(Object.assign(document.createElement("span"), { className: "label", textContent: where[pupil.presence] }), ` ${detail(pupil)}`);
  if (pupil.presence === "SignedOut" && user.may.includes("RecordArrival")) {
    const back = Object.assign(document.createElement("button"), { type: "button", textContent: `Sign ${pupil.name} back in` });
    back.addEventListener("click", () => signBackIn(pupil));
    where_.append(" ", back);
  }
  tr.append(name, Object.assign(document.createElement("td"), { textContent: pupil.classId }), where_);
  return tr;
}

function detail(pupil) {
  const out = pupil.signedOut;
  if (out) return `at ${time(out.at)} (${out.details ?? out.reason.toLowerCase()})${out.collectedBy ? `, collected by ${out.collectedBy}` : ""}.`;
  const parts = [];
  if (pupil.code) parts.push(`(${pupil.code}${pupil.arrivedAt ? `, arrived ${pupil.arrivedAt.slice(0, 5)}` : ""})`);
  if (pupil.missedLesson) parts.push("Missed a lesson today.");
  return parts.join(" ");
}

const live = connect(status => showConnection($("connection"), status), () => {});
let pending = null, last = 0;
// Marks come in bursts at registration: the list is read again at most every 3 seconds, the last change included.
live.watch(schoolId, () => {
  clearTimeout(pending);
  pending = setTimeout(() => { last = Date.now(); load(); }, Math.max(0, 3000 - (Date.now() - last)));
});
live.start();
await load();
