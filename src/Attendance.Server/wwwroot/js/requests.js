// Parents' requests for the office and the headteacher: absence reports to accept (with the code) or query, leave
// requests to grant or refuse (the headteacher), what was decided, and the messages home with a retry for a failure.
// New and decided requests arrive live and are announced.
import { signedIn } from "./auth.js";
import { api, download, post } from "./api.js";
import { pupilLink, schoolOf, showConnection, showNav } from "./nav.js";
import { connect } from "./live.js";
import { rangeWords as range } from "./format.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
const may = capability => user.may.includes(capability);
const reasons = { Illness: "Illness", MedicalAppointment: "Medical or dental appointment", ReligiousObservance: "Religious observance", FamilyEmergency: "Family emergency", Other: "Something else", RunningLate: "Running late" };
const suggested = { Illness: "I", MedicalAppointment: "M", ReligiousObservance: "R" };
const when = at => new Date(at).toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
// What became of a message home, and how it went, in the office's words.
const said = {
  Sent: r => `Sent ${when(r.sentAt)}`,
  Delivered: r => `Delivered ${when(r.deliveredAt)}`,
  Failed: r => `Failed after ${r.attempts} attempt${r.attempts === 1 ? "" : "s"}: ${r.lastError}`,
  NotSent: r => `Not sent: ${r.lastError}`,
  Undeliverable: r => `Cannot be delivered: ${r.lastError}`,
};
const channels = { Email: m => m.to, Sms: m => `text to ${m.to}`, Push: () => "notification on their devices" };
const absenceCodes = (await (await fetch("/api/codes")).json()).filter(c => ["AuthorisedAbsence", "UnauthorisedAbsence"].includes(c.category) && c.code !== "N");

$("leave-note").textContent += may("DecideLeave") ? "" : " You can see them here; the headteacher decides.";
const live = connect(status => showConnection($("connection"), status));
let first = true;
live.family(schoolId, (all, changed) => {
  const items = [...all.values()];
  // A running-late notice needs no answer (the arrival gives the mark): it is listed with what was decided.
  const pending = items.filter(i => i.type === "report" ? i.status !== "Accepted" && i.reason !== "RunningLate" : !i.decision);
  const contacts = pending.filter(i => i.type === "contact").sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  $("contact-count").textContent = contacts.length;
  keep("contacts", contacts.map(c => card(c, changed)));
  const reports = pending.filter(i => i.type === "report").sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
  const leave = pending.filter(i => i.type === "leave").sort((a, b) => a.sessions.first.localeCompare(b.sessions.first));
  $("report-count").textContent = reports.length;
  $("leave-count").textContent = leave.length;
  keep("reports", reports.map(r => card(r, changed)));
  keep("leave", leave.map(l => card(l, changed)));
  // Newest first: when decided, or for a running-late notice (nothing to decide) when it came.
  const at = i => i.decision?.at ?? i.reportedAt;
  const decided = items.filter(i => (i.decision || i.reason === "RunningLate") && !pending.includes(i)).sort((a, b) => at(b).localeCompare(at(a))).slice(0, 30);
  $("decided").replaceChildren(...(decided.length ? decided.map(d => card(d, changed)) : [Object.assign(document.createElement("li"), { className: "note", textContent: "Nothing decided yet." })]));
  if (changed && !first) $("announce").textContent = announce(changed);
  first = false;
  loadOutbox();
});
live.start();

// A form half filled in stays as it is when another request arrives: cards are kept by id and only replaced when they change.
function keep(listId, cards) {
  const list = $(listId);
  const existing = new Map([...list.children].map(li => [li.dataset.id, li]));
  list.replaceChildren(...cards.map(c => existing.get(c.dataset.id)?.dataset.version === c.dataset.version ? existing.get(c.dataset.id) : c));
}

function announce(item) {
  if (item.type === "contact") return item.decision ? `${item.pupilName}: contact change ${item.status.toLowerCase()} by ${item.decision.by.name}.` : `New contact details from ${item.requestedBy.name} for ${item.pupilName}.`;
  if (item.type === "report" && item.evidence?.length && !item.decision) return `${item.pupilName}: a report with ${item.evidence.length} file(s) from ${item.reportedBy.name}.`;
  if (item.type === "report") return item.decision ? `${item.pupilName}: report ${item.status.toLowerCase()} by ${item.decision.by.name}.` : `New absence report for ${item.pupilName} from ${item.reportedBy.name}.`;
  return item.decision ? `${item.pupilName}: leave ${item.status.toLowerCase()} by ${item.decision.by.name}.` : `New leave request for ${item.pupilName}.`;
}

function card(item, changed) {
  if (item.type === "contact") return contactCard(item, changed);
  const li = document.createElement("li");
  li.className = `request ${item.status}${changed?.id === item.id && !first ? " new" : ""}`;
  li.dataset.id = item.id;
  li.dataset.version = item.status + (item.decision?.at ?? "") + (item.evidence?.length ?? 0);
  const head = document.createElement("p");
  const summary = document.createElement("strong");
  const isReport = item.type === "report";
  const arriving = item.arrivingAt ? `, arriving about ${item.arrivingAt.slice(0, 5)}` : "";
  summary.textContent = isReport ? `${item.pupilName}: ${reasons[item.reason]}${arriving}, ${range(item.sessions)}` : `${item.pupilName}: leave, ${range(item.sessions)}`;
  head.append(summary);
  li.append(head, pupilLink(item.schoolId, item.upn, item.pupilName));
  const by = isReport ? item.reportedBy : item.requestedBy;
  li.append(text(`${isReport ? (item.details ? `"${item.details}" ` : "") : `"${item.reason}" `}(${by.name}, ${by.email}, ${when(isReport ? item.reportedAt : item.requestedAt)})`));
  if (isReport && item.evidence?.length) li.append(evidence(item));
  if (!isReport && item.late) li.append(Object.assign(text("Late: asked with less notice than the policy asks for."), { className: "late" }));
  if (item.decision) {
    const d = item.decision;
    li.append(text(`${item.status}${d.code ? ` as ${d.code}` : ""} by ${d.by.name} (${d.by.position}), ${when(d.at)}: ${d.note}`));
  }
  if (isReport && item.status !== "Accepted" && item.reason !== "RunningLate" && may("Amend")) li.append(answerForm(item));
  if (!isReport && !item.decision && may("DecideLeave")) li.append(decisionForm(item));
  return li;
}

// A parent's new phone number or e-mail address: approved (the pupil's contacts change) or refused, by the office.
function contactCard(change, changed) {
  const li = Object.assign(document.createElement("li"), { className: `request ${change.status}${changed?.id === change.id && !first ? " new" : ""}` });
  Object.assign(li.dataset, { id: change.id, version: change.status });
  const what = [change.phone && `phone ${change.phone}`, change.email && `e-mail ${change.email}`].filter(Boolean).join(" and ");
  li.append(text(""), pupilLink(change.schoolId, change.upn, change.pupilName),
    text(`From ${change.requestedBy.name} (signed in as ${change.requestedBy.email}), ${when(change.requestedAt)}.`));
  li.firstChild.append(Object.assign(document.createElement("strong"), { textContent: `${change.pupilName}: new ${what}` }));
  if (change.decision) li.append(text(`${change.status} by ${change.decision.by.name} (${change.decision.by.position}), ${when(change.decision.at)}: ${change.decision.note}`));
  else if (may("ManageSchool")) li.append(contactForm(change));
  return li;
}

function contactForm(change) {
  const form = document.createElement("form");
  const id = `contact-${change.id}`;
  form.innerHTML = `<label for="${id}-note">How you checked it was them</label>
    <span class="buttons"><button type="submit" value="approve" class="primary">Approve</button><button type="submit" value="refuse">Refuse</button></span>
    <p class="error" role="alert"></p>`;
  const note = Object.assign(document.createElement("input"), { id: `${id}-note`, name: "note", required: true });
  form.querySelector("label").append(note);
  form.addEventListener("submit", event => send(event, form, `${base}/contact-changes/${encodeURIComponent(change.id)}/decision`,
    { approve: event.submitter.value === "approve", note: note.value }));
  return form;
}

// The files a parent sent with a report: opened (downloaded) by the office and the attendance lead only.
function evidence(report) {
  const p = text(`Evidence from the parent (${report.evidence.length}): `);
  const problem = Object.assign(document.createElement("span"), { className: "error" });
  problem.setAttribute("role", "alert");
  report.evidence.forEach((file, i) => {
    const what = `${file.contentType === "application/pdf" ? "PDF" : "photo"}, ${Math.max(1, Math.round(file.bytes / 1024))} KB`;
    if (!may("Evidence")) return p.append(`${i ? "; " : ""}${what}`);
    const open = Object.assign(document.createElement("button"), { type: "button", textContent: `Open file ${i + 1} (${what})` });
    open.addEventListener("click", async () => {
      const said = await download(`${base}/absence-reports/${encodeURIComponent(report.id)}/evidence/${encodeURIComponent(file.id)}`, "evidence");
      problem.textContent = said.endsWith("downloaded.") ? "" : ` ${said}`;
    });
    p.append(i ? " " : "", open);
  });
  p.append(may("Evidence") ? problem : ". Only the office and the attendance lead open them.");
  return p;
}

function answerForm(report) {
  const form = document.createElement("form");
  const id = `answer-${report.id}`;
  form.innerHTML = `<label for="${id}-code">Code</label><label for="${id}-note">Note to the parent and the register</label>
    <span class="buttons"><button type="submit" value="accept" class="primary">Accept</button><button type="submit" value="query">Ask for more</button></span>
    <p class="error" role="alert"></p>`;
  const code = Object.assign(document.createElement("select"), { id: `${id}-code`, name: "code" });
  code.append(new Option("Choose a code", ""), ...absenceCodes.map(c => new Option(`${c.code}: ${c.meaning}`, c.code)));
  code.value = suggested[report.reason] ?? "";
  const note = Object.assign(document.createElement("input"), { id: `${id}-note`, name: "note", required: true });
  const [codeLabel, noteLabel] = form.querySelectorAll("label");
  codeLabel.append(code);
  noteLabel.append(note);
  form.addEventListener("submit", event => send(event, form, `${base}/absence-reports/${encodeURIComponent(report.id)}/answer`,
    { accept: event.submitter.value === "accept", code: code.value || null, note: note.value }));
  return form;
}

function decisionForm(request) {
  const form = document.createElement("form");
  const id = `decide-${request.id}`;
  form.innerHTML = `<label for="${id}-reason">Reason for the decision</label>
    <span class="buttons"><button type="submit" value="grant" class="primary">Grant</button><button type="submit" value="refuse">Refuse</button></span>
    <p class="error" role="alert"></p>`;
  const reason = Object.assign(document.createElement("input"), { id: `${id}-reason`, name: "reason", required: true });
  form.querySelector("label").append(reason);
  form.addEventListener("submit", event => send(event, form, `${base}/leave-requests/${encodeURIComponent(request.id)}/decision`,
    { grant: event.submitter.value === "grant", reason: reason.value }));
  return form;
}

async function send(event, form, url, body) {
  event.preventDefault();
  const response = await post(url, body);
  form.querySelector(".error").textContent = response.ok ? "" : (await response.json()).detail;
}

async function loadOutbox() {
  const response = await api(`${base}/messages`);
  if (!response.ok) return;
  const rows = (await response.json()).slice(0, 50).map(record => {
    const m = record.message, tr = document.createElement("tr");
    const status = document.createElement("td");
    status.textContent = (said[record.status] ?? (() => "Waiting to be sent"))(record);
    if (record.status === "Failed" || record.status === "NotSent") {
      const retry = Object.assign(document.createElement("button"), { type: "button", textContent: "Send again" });
      retry.addEventListener("click", async () => { await post(`${base}/messages/${encodeURIComponent(m.id)}/retry`, {}); setTimeout(loadOutbox, 1500); });
      status.append(" ", retry);
    }
    tr.append(cell(`${m.toName} (${channels[m.channel](m)})`), cell(m.subject), status);
    return tr;
  });
  if (rows.length === 0) rows.push(Object.assign(document.createElement("tr"), { innerHTML: `<td colspan="3" class="note">No messages home yet.</td>` }));
  $("outbox").replaceChildren(...rows);
}

function cell(value) {
  return Object.assign(document.createElement("td"), { textContent: value });
}

function text(value) {
  return Object.assign(document.createElement("p"), { textContent: value });
}
