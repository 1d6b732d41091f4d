// Registers and returns, for the office, attendance leads and senior leaders: the local authority's lists on a day
// (on screen and as CSV), the census's termly figures, the DfE's daily data (the office only, each extract recorded)
// the admission register with the deletion of a pupil's name on a regulation 9(1) ground, and the Common Transfer
// File (the office).
import { signedIn } from "./auth.js";
import { api, download, post } from "./api.js";
import { pupilHref, schoolOf, showNav } from "./nav.js";
import { percent, shortDate } from "./format.js";
import { pupilOption } from "./pupil-search.js";
import { commonTransferFile, showPupils as showCtfPupils } from "./ctf.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
const office = user.may.includes("StatutoryExtract");
const settings = await (await api(base)).json();
// The school's date, from the server: a device with a wrong clock still asks for the right day.
const today = (await (await api(`${base}/registers/today`)).json()).date;
const grounds = {
  RegisteredAtAnotherSchool: "registered at another school", NurseryEducationCompleted: "did not continue after nursery", DualRegistrationEnded: "dual registration ended with the other schools' consent",
  AttendanceOrderChanged: "school attendance order names another school", AttendanceOrderRevoked: "school attendance order revoked", EducatedOtherwiseThanAtSchool: "parent will educate otherwise than at school (in writing)",
  NoLongerLivesNearby: "no longer lives within reasonable distance", NotReturnedAfterLeave: "not returned after leave of absence", ContinuouslyAbsent20Days: "absent 20 school days in a row, whereabouts unknown",
  Detained: "detained under a sentence", Died: "has died", CompulsorySchoolAgeEnded: "over compulsory school age, not staying on", BoardingFeesUnpaid: "boarding fees unpaid",
  CeasedAtIndependentSchool: "ceased to be a pupil (independent or non-maintained special school)", PermanentlyExcluded: "permanently excluded",
};
const letter = i => `9(1)(${String.fromCharCode(97 + i)})`;

$("school-name").textContent = `Registers and returns: ${settings.name}`;
$("la-on").value = today;
$("la-form").addEventListener("submit", e => { e.preventDefault(); showLists(); });
$("la-csv").addEventListener("click", () => save(`${base}/returns/local-authority.csv?on=${$("la-on").value}`));
$("census-term").replaceChildren(...settings.calendar.terms.map(t => Object.assign(document.createElement("option"), { value: `${t.start}|${t.end}`, textContent: `${t.name} (${shortDate(t.start)} to ${shortDate(t.end)})` })));
$("census-form").addEventListener("submit", e => {
  e.preventDefault();
  const [from, to] = $("census-term").value.split("|");
  save(`${base}/returns/census.csv?from=${from}&to=${to}`);
});

if (office) {
  $("dfe").hidden = false;
  $("deletion-form").hidden = false;
  $("dfe-from").value = $("dfe-to").value = today;
  $("dfe-form").addEventListener("submit", async e => {
    e.preventDefault();
    await save(`${base}/returns/dfe-attendance.csv?from=${$("dfe-from").value}&to=${$("dfe-to").value}`);
    showExtracts();
  });
  $("deletion-ground").replaceChildren(...Object.entries(grounds).map(([key, words], i) => Object.assign(document.createElement("option"), { value: key, textContent: `${letter(i)}: ${words}` })));
  $("deletion-last").value = today;
  $("deletion-form").addEventListener("submit", deleteName);
  showPupils();
  commonTransferFile(base, async text => { say(text); await showExtracts(); });
  showExtracts();
}

showLists();
showAdmissions();

// The server names each file (e.g. dfe-attendance-100001-2026-11-10-to-2026-11-10.csv).
async function save(url) {
  say(await download(url, "download.csv"));
}

function say(text) {
  $("announce").textContent = text;
}

// The pupil's legal name (the register's) linking to their page, with the UPN (and class) on a line of their own so
// the tables fit a phone.
function pupilCell(line) {
  const cell = document.createElement("td");
  cell.append(
    Object.assign(document.createElement("a"), { href: pupilHref(schoolId, line.upn), textContent: line.legalName }),
    Object.assign(document.createElement("span"), { className: "upn", textContent: line.classId ? `${line.upn}, ${line.classId}` : line.upn }));
  return cell;
}

const cells = values => values.map(v => Object.assign(document.createElement("td"), { textContent: v }));

function rows(tbody, lines, columns, empty) {
  if (lines.length === 0) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("td"), { colSpan: 3, className: "note", textContent: empty }));
    return $(tbody).replaceChildren(tr);
  }

  $(tbody).replaceChildren(...lines.map(line => {
    const tr = document.createElement("tr");
    tr.append(pupilCell(line), ...cells(columns(line)));
    return tr;
  }));
}

async function showLists({ quiet = false } = {}) {
  const response = await api(`${base}/returns/local-authority?on=${$("la-on").value}`);
  if (!response.ok) return say((await response.json()).detail);
  const lists = await response.json();
  $("ten-count").textContent = lists.tenDays.length;
  $("sick-count").textContent = lists.sickness.length;
  $("pa-count").textContent = lists.persistentAbsence.length;
  rows("ten", lists.tenDays, l => [l.figure, shortDate(l.since)], "No pupil on this list.");
  rows("sick", lists.sickness, l => [l.figure], "No pupil on this list.");
  rows("pa", lists.persistentAbsence, l => [percent(l.figure), l.severe ? "Severe" : "Persistent"], "No pupil on this list.");
  if (!quiet) say(`Lists for ${shortDate(lists.on)}: ${lists.tenDays.length} absent 10 days, ${lists.sickness.length} with 15 days of illness, ${lists.persistentAbsence.length} persistently absent.`);
}

async function showExtracts() {
  const extracts = await (await api(`${base}/returns/extracts`)).json();
  $("extracts").replaceChildren(...extracts.map(x => {
    const tr = document.createElement("tr");
    const dates = x.from === x.to ? shortDate(x.from) : `${shortDate(x.from)} to ${shortDate(x.to)}`;
    const when = new Date(x.at).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    const what = x.kind === "CommonTransferFile" ? "Common Transfer File" : "DfE daily data";
    tr.append(...cells([`${what}: ${dates}`, `${x.pupils} ${x.pupils === 1 ? "pupil" : "pupils"}, ${x.rows} rows`, `${x.by} (${x.role}), ${when}`]));
    return tr;
  }));
}

async function showPupils() {
  const pupils = await (await api(`${base}/pupils`)).json();
  $("deletion-pupil").replaceChildren(...pupils.map(p => pupilOption(p.upn, p.legalName, p.classId)));
}

async function showAdmissions() {
  const lines = (await (await api(`${base}/admission-register`)).json()).reverse();
  $("admissions").replaceChildren(...lines.map(line => {
    const tr = document.createElement("tr");
    const ground = line.ground ? `${line.regulation}: ${grounds[line.ground]}. ` : "";
    const note = line.note ? `${line.note}. ` : "";
    tr.append(pupilCell(line), ...cells([
      line.kind === "Admission" ? `Admitted, starting ${shortDate(line.on)}` : `Name deleted, last day ${shortDate(line.on)}`,
      `${ground}${note}${line.by.name}, ${new Date(line.at).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" })}`,
    ]));
    return tr;
  }));
}

async function deleteName(e) {
  e.preventDefault();
  $("deletion-error").textContent = "";
  const upn = $("deletion-pupil").value;
  const response = await post(`${base}/pupils/${encodeURIComponent(upn)}/deletion`, { lastDayOnRoll: $("deletion-last").value, ground: $("deletion-ground").value, note: $("deletion-note").value || null });
  if (!response.ok) {
    $("deletion-error").textContent = `Not deleted: ${(await response.json()).detail}`;
    return;
  }

  const deleted = $("deletion-pupil").selectedOptions[0].textContent;
  $("deletion-note").value = "";
  await Promise.all([showAdmissions(), showPupils(), showCtfPupils(base), showLists({ quiet: true })]);
  say(`${deleted}: name deleted from the admission register. The deletion return is on the follow-up list.`);
}
