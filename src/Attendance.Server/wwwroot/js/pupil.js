// One pupil's year: figures and band, details (contacts for those who call home), a registration certificate's
// calendar of every session coloured by statistical category (the code always written too), each session's trail,
// and the alerts, decisions and tasks about the pupil for the roles that see them.
import { signedIn } from "./auth.js";
import { api, download } from "./api.js";
import { showNav } from "./nav.js";
import { ctfYearWords, longDate, percent } from "./format.js";
import { showLessons } from "./pupil-lessons.js";
import { showCasework } from "./casework.js";

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const schoolId = params.get("school"), upn = params.get("upn"), shownYear = params.get("year");
const categories = {
  Present: "Present", ApprovedEducationalActivity: "Approved activity", AuthorisedAbsence: "Authorised absence",
  UnauthorisedAbsence: "Unauthorised absence", NotCounted: "Not counted", Administrative: "Closed",
};
const flagNames = { send: "SEND", pupilPremium: "Pupil premium", hasSocialWorker: "Has a social worker", vulnerable: "Vulnerable" };

const user = await signedIn();
showNav(user);
const [response, codesResponse] = await Promise.all([
  api(`/api/schools/${encodeURIComponent(schoolId)}/pupils/${encodeURIComponent(upn)}/year${shownYear ? `?year=${encodeURIComponent(shownYear)}` : ""}`), fetch("/api/codes")]);
const codes = new Map((await codesResponse.json()).map(c => [c.code, c]));
if (!response.ok) {
  $("pupil-error").textContent = (await response.json()).detail;
} else {
  show(await response.json());
  showLessons(schoolId, upn);
}

function show(year) {
  const p = year.pupil, name = p.displayName;
  document.title = `${name}: attendance`;
  $("pupil-name").textContent = name;
  $("pupil-class").textContent = `${year.className}, year ${p.yearGroup}. School year ${year.year}${year.year === year.years[0] ? "" : " (a previous year)"}.`;
  $("figures-title").textContent = `Attendance in ${year.year}`;
  yearChoice(year);
  figures(year);
  about(p);
  previousSchools(year.previousSchools);
  legend();
  calendar(year);
  list("alerts-panel", "pupil-alerts", year.alerts, a => `${a.summary} (${a.status}${a.decision ? `: ${a.decision}` : ""}${a.penaltyNotice ? `; penalty notice ${a.penaltyNotice.issue ? "pursued" : "not pursued"}: ${a.penaltyNotice.rationale}` : ""})`);
  letters(year.letters);
  subjectAccess();
  showCasework(schoolId, upn, year.casework);
  list("tasks-panel", "pupil-tasks", year.tasks, t => `${t.what}: ${t.closed ? `done: ${t.closed.outcome}` : `due ${new Date(t.due).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}`}`);
}

/** This year and each previous one the register holds: choosing one shows the page for that year. */
function yearChoice(year) {
  if (year.years.length < 2) return;
  $("year").replaceChildren(...year.years.map(y => {
    const option = new Option(y === year.years[0] ? `${y} (this year)` : y, y);
    option.selected = y === year.year;
    return option;
  }));
  $("year-form").hidden = false;
  $("year-form").addEventListener("submit", event => {
    event.preventDefault();
    const next = new URLSearchParams(location.search);
    if ($("year").value === year.years[0]) next.delete("year"); else next.set("year", $("year").value);
    location.search = next.toString();
  });
}

function figures(year) {
  const a = year.attendance, s = year.standing;
  $("attendance").textContent = percent(a.attendancePercent);
  const possible = a.present + a.approvedEducationalActivity + a.authorisedAbsence + a.unauthorisedAbsence;
  $("sessions").textContent = `${a.present + a.approvedEducationalActivity} of ${possible} possible sessions`;
  // A band from a handful of sessions says nothing: the policy counts from a number of possible sessions.
  const measured = possible >= s.measuredFrom;
  $("band").textContent = measured ? s.band.name : "Not yet";
  $("band-swatch").hidden = !measured;
  $("band-swatch").style.background = s.band.colour;
  $("band-action").textContent = measured ? s.band.action : `Counted from ${s.measuredFrom} possible sessions`;
  $("persistent").textContent = !measured ? "Not yet" : s.severeAbsence ? "Severe" : s.persistentAbsence ? "Yes" : "No";
  $("severe").textContent = !measured ? `Counted from ${s.measuredFrom} possible sessions` : s.severeAbsence ? "50% or more missed" : s.persistentAbsence ? "10% or more missed" : "under 10% missed";
  $("unauthorised").textContent = a.unauthorisedInRollingWindow;
  $("window").textContent = `last ${a.rollingWindowWeeks} school weeks${s.penaltyNoticeThreshold ? ": at the penalty-notice threshold" : ""}`;
  $("late").textContent = a.late;
  $("after-close").textContent = `${a.arrivedAfterRegisterClosed} after the register closed (U)${s.persistentLateness ? ": persistent lateness" : ""}${s.stage ? `. Stage: ${s.stage}` : ""}`;
}

function about(p) {
  const rows = [["UPN", p.upn], ["Legal name", p.legalName], ["Date of birth", p.dateOfBirth],
    ["Needs", Object.entries(flagNames).filter(([k]) => p.flags[k]).map(([, v]) => v).join(", ") || "None recorded"]];
  $("about").replaceChildren(...rows.flatMap(([term, value]) => [
    Object.assign(document.createElement("dt"), { textContent: term }), Object.assign(document.createElement("dd"), { textContent: value })]));
  $("contacts-title").hidden = $("contacts").hidden = p.contacts.length === 0;
  $("contacts").replaceChildren(...p.contacts.map(c => {
    const li = document.createElement("li");
    li.append(`${c.name} (${c.relationship}): `, Object.assign(document.createElement("a"), { href: `tel:${c.phone.replace(/\s/g, "")}`, textContent: c.phone }));
    return li;
  }));
}

// Attendance at previous schools, kept beside this school's register and not counted in its figures.
function previousSchools(years) {
  $("previous-title").hidden = $("previous").hidden = years.length === 0;
  $("previous").replaceChildren(...years.map(y => Object.assign(document.createElement("li"), { textContent: ctfYearWords(y.attendance) })));
}

function legend() {
  $("legend").replaceChildren(...Object.entries(categories).map(([key, text]) => {
    const li = document.createElement("li");
    li.append(Object.assign(document.createElement("span"), { className: `chip cat-${key}`, textContent: key === "Administrative" ? "#" : "/" }), ` ${text}`);
    return li;
  }));
}

// A table per month, Monday to Friday, each school day with its AM and PM codes as buttons that show the trail.
function calendar(year) {
  const months = new Map();
  for (const day of year.calendar.filter(d => d.closed !== "weekend")) {
    const key = day.date.slice(0, 7);
    if (!months.has(key)) months.set(key, []);
    months.get(key).push(day);
  }
  $("calendar").replaceChildren(...[...months.entries()].map(([month, days]) => monthTable(month, days, year.entries)));
}

function monthTable(month, days, entries) {
  const table = document.createElement("table");
  table.className = "month";
  const caption = document.createElement("caption");
  caption.textContent = new Date(`${month}-15T12:00:00`).toLocaleDateString("en-GB", { month: "long", year: "numeric" });
  table.append(caption);
  const head = table.createTHead().insertRow();
  for (const d of ["Mon", "Tue", "Wed", "Thu", "Fri"]) head.append(Object.assign(document.createElement("th"), { scope: "col", textContent: d }));
  const body = table.createTBody();
  let row = null;
  for (const day of days) {
    const weekday = new Date(`${day.date}T12:00:00`).getDay(); // 1 = Monday
    if (!row || weekday === 1) {
      row = body.insertRow();
      for (let i = 1; i < weekday; i++) row.insertCell();
    }
    row.append(dayCell(day, entries));
  }
  return table;
}

function dayCell(day, entries) {
  const td = document.createElement("td");
  td.dataset.date = day.date;
  td.append(Object.assign(document.createElement("span"), { className: "date", textContent: String(+day.date.slice(8)) }));
  if (day.closed) {
    td.className = day.closed;
    td.append(Object.assign(document.createElement("span"), { className: "closed", textContent: day.closed === "holiday" ? "Holiday" : "Closed" }));
    return td;
  }
  for (const [part, code] of [["AM", day.am], ["PM", day.pm]]) {
    const b = document.createElement("button");
    b.type = "button";
    const category = code ? codes.get(code)?.category ?? "Administrative" : "none";
    b.className = `chip cat-${category}`;
    b.dataset.session = `${day.date}-${part}`;
    b.textContent = code ?? "–";
    b.setAttribute("aria-label", `${longDate(day.date)} ${part}: ${code ? `${code}, ${codes.get(code)?.meaning ?? categories[category]}` : "no mark"}`);
    b.addEventListener("click", () => trail(`${day.date}-${part}`, entries));
    td.append(b);
  }
  return td;
}

function trail(session, entries) {
  const mine = entries.filter(e => e.session === session);
  const h = document.createElement("h3");
  h.textContent = `${longDate(session.slice(0, 10))}, ${session.endsWith("AM") ? "morning" : "afternoon"}`;
  const ol = document.createElement("ol");
  ol.append(...mine.map(e => Object.assign(document.createElement("li"), {
    textContent: `${e.code} (${codes.get(e.code)?.meaning ?? ""}) by ${e.recordedBy.name}, ${e.recordedBy.position}, ${new Date(e.recordedAt).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}, ${e.source}${e.arrivedAt ? `, arrived ${e.arrivedAt.slice(0, 5)}` : ""}${e.amendmentReason ? `. Amended: "${e.amendmentReason}"` : ""}${e.note ? `. Note: "${e.note}"` : ""}`,
  })));
  $("trail").replaceChildren(h, mine.length ? ol : Object.assign(document.createElement("p"), { textContent: "No entry for this session." }));
}

function list(panelId, listId, items, text) {
  $(panelId).hidden = items === null;
  if (items === null) return;
  $(listId).replaceChildren(...(items.length ? items : [null]).map(item => Object.assign(document.createElement("li"), { textContent: item ? text(item) : "None." })));
}

// A subject access request: everything held about the pupil as one ZIP, for the office and trust leaders (the server
// refuses others and records each export).
function subjectAccess() {
  if (!user.may.includes("StatutoryExtract")) return;
  $("subject-access").hidden = false;
  $("subject-access-export").addEventListener("click", async () => {
    $("subject-access-status").textContent = "Preparing the export…";
    $("subject-access-status").textContent = await download(
      `/api/schools/${encodeURIComponent(schoolId)}/pupils/${encodeURIComponent(upn)}/subject-access.zip`, `subject-access-${upn}.zip`);
  });
}

// Letters for those who follow up (the API sends the list only to them): prepare one as PDF, see those prepared.
async function letters(sent) {
  if (sent === null) return;
  $("letters-panel").hidden = false;
  const base = `/api/schools/${encodeURIComponent(schoolId)}`;
  $("letters-sent").replaceChildren(...(sent.length ? sent : [null]).map(l => Object.assign(document.createElement("li"), {
    textContent: l ? `${l.templateName}: ${l.by.name}, ${new Date(l.at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}, ${l.delivery === "Email" ? `e-mailed to ${l.to}` : "by post"}` : "None yet.",
  })));
  if ($("letter-template").options.length === 0) {
    const templates = await (await api(`${base}/letters/templates`)).json();
    $("letter-template").replaceChildren(...templates.map(t => new Option(t.template.name, t.template.key)));
    if (location.hash.startsWith("#letter-")) $("letter-template").value = location.hash.slice(1);
    $("certificate").href = "#";
    $("certificate").addEventListener("click", event => { event.preventDefault(); openPdf(api(`${base}/pupils/${encodeURIComponent(upn)}/certificate.pdf`)); });
    $("letter").addEventListener("submit", async event => {
      event.preventDefault();
      const f = event.target.elements;
      const response = await openPdf(api(`${base}/pupils/${encodeURIComponent(upn)}/letters`, {
        method: "POST", body: JSON.stringify({ template: f.template.value, meetingAt: f.meetingAt.value || null, meetingWith: f.meetingWith.value || null, delivery: f.delivery.value }),
      }));
      if (response.ok) {
        $("letter-result").textContent = f.delivery.value === "Email" ? "Prepared and queued to be e-mailed; the PDF is open in a new tab." : "Prepared: print the PDF open in a new tab.";
        const year = await (await api(`/api/schools/${encodeURIComponent(schoolId)}/pupils/${encodeURIComponent(upn)}/year`)).json();
        letters(year.letters);
      }
    });
  }
}

// A PDF from the API (it needs the token, so not a plain link) opened in a new tab; a refusal is shown instead.
async function openPdf(request) {
  const response = await request;
  if (response.ok) open(URL.createObjectURL(await response.blob()), "_blank");
  else $("letter-result").textContent = (await response.json()).detail;
  return response;
}
