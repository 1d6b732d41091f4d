// A parent's page, for a phone first: each child's marks today, attendance this year with its band in words, what
// the parent told the school and what the school decided, forms to report an absence or ask for leave, and the
// schools' messages. A new mark, and a decision on a report or request, are pushed over the hub as they happen (the
// page then reads its answer again, and says what the school decided); it also reads again when it comes back into view. A notification's link
// (?report={school}/{upn}) opens that child's absence report form.
import { signedIn } from "./auth.js";
import { api, post } from "./api.js";
import { showConnection, showNav } from "./nav.js";
import { connect } from "./live.js";
import { longDate, percent, rangeWords, sessionWords } from "./format.js";
import { offerNotifications } from "./notifications.js";

const $ = id => document.getElementById(id);
showNav(await signedIn());
const codes = new Map((await (await fetch("/api/codes")).json()).map(c => [c.code, c]));
const reasons = { Illness: "Illness", MedicalAppointment: "Medical or dental appointment", ReligiousObservance: "Religious observance", FamilyEmergency: "Family emergency", Other: "Something else", RunningLate: "Running late" };
const partWords = { AM: "Morning", PM: "Afternoon" };
const mostEvidenceBytes = 8 * 1024 * 1024; // Limits:MaxEvidenceBytes by default: a bigger file is refused before it is sent

const names = new Map(); // each child's name, for what a pushed mark says
const todays = new Map(); // each child's school's today (yyyy-MM-dd)
const statusShown = new Map(); // each of this parent's reports and requests as last shown: what a pushed decision changed
await load();
openReport(new URLSearchParams(location.search).get("report"));
offerNotifications($("notify"), "/api/family/devices", {
  on: "Notifications are on for this device: messages from school arrive here at once.",
  off: "Notifications are off for this device.",
  turnOn: "Turn on notifications on this device",
  turnOff: "Turn notifications off on this device",
}).catch(() => {});
const live = connect(status => showConnection($("connection"), status));
const marks = live.children(mark => {
  // Today's register as it is taken; a past session's mark changes when the school codes an absence explained.
  const key = `${mark.schoolId}/${mark.upn}`;
  if (mark.session.startsWith(todays.get(key))) {
    $("family-status").textContent = `${names.get(key) ?? "Your child"}, ${mark.session.endsWith("AM") ? "morning" : "afternoon"} register: ${meaning(mark.code)} (${mark.code}).`;
  }
  load();
}, load);
live.start();
setInterval(() => marks.load().catch(() => {}), 5 * 60000); // the school keeps pushing marks while the page says it is open
setInterval(load, 5 * 60000); // decisions are pushed; this only catches up after a connection was lost
document.addEventListener("visibilitychange", () => { if (!document.hidden) load(); });

async function load() {
  const response = await api("/api/family");
  if (!response.ok) {
    $("family-error").textContent = (await response.json()).detail;
    return;
  }
  const family = await response.json();
  $("family-error").textContent = "";
  $("updated").textContent = `${family.name}. Updated ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`;
  if (family.children.length === 0) {
    $("children").textContent = "No children are linked to your account. Ask your child's school office to hold your e-mail address as a contact. If the school has just changed your e-mail address, sign out and sign in with the new one.";
  }
  for (const child of family.children) show(child);
  const mine = family.children.flatMap(c => [...c.reports.map(r => [r, report]), ...c.leave.map(l => [l, leave]), ...c.contactChanges.map(x => [x, contactChange])]);
  const answered = mine.find(([r]) => statusShown.has(r.id) && statusShown.get(r.id) !== r.status);
  mine.forEach(([r]) => statusShown.set(r.id, r.status));
  // A decision on one of theirs shown before (whatever brought the page to read again) is said.
  if (answered) $("family-status").textContent = `The school has answered. ${answered[1](answered[0]).firstChild.textContent}`;
  $("messages").replaceChildren(...(family.messages.length ? family.messages : [null]).map(message));
}

function openReport(key) {
  const form = key && document.getElementById(`child-${key}`)?.querySelector("details.report");
  if (!form) return;
  form.open = true;
  form.scrollIntoView({ block: "start" });
  form.querySelector("select[name=reason]").focus();
}

// The report form, filled in for one past session the school has no reason for: only the reason is left to say.
function explain(card, session) {
  const form = card.querySelector("details.report form"), date = session.slice(0, 10), part = session.slice(11);
  form.firstDate.value = form.lastDate.value = date;
  form.firstPart.value = form.lastPart.value = part;
  form.closest("details").open = true;
  form.scrollIntoView({ block: "start" });
  form.reason.focus();
}

function show(child) {
  const key = `${child.schoolId}/${child.upn}`;
  let card = document.getElementById(`child-${key}`);
  if (!card) {
    card = $("child").content.firstElementChild.cloneNode(true);
    card.id = `child-${key}`;
    card.setAttribute("aria-labelledby", `${card.id}-name`);
    card.querySelector(".child-name").id = `${card.id}-name`;
    wire(card, child);
    $("children").append(card);
  }
  card.querySelector(".child-name").textContent = child.name;
  names.set(key, child.name);
  todays.set(key, child.today);
  card.querySelector(".child-school").textContent = `${child.className}, ${child.schoolName}`;
  card.querySelector(".today").replaceChildren(...(child.todaysMarks.length
    ? child.todaysMarks.map(m => item(`${partWords[m.session.slice(11)]}: ${m.code ? `${meaning(m.code)} (${m.code})` : "register not taken yet"}`))
    : [item(`No school today (${longDate(child.today)}).`)]));
  card.querySelector(".explain").hidden = child.toExplain.length === 0;
  card.querySelector(".to-explain").replaceChildren(...child.toExplain.map(session => {
    const li = item(`${sessionWords(session)}: no reason given yet. `);
    const why = Object.assign(document.createElement("button"), { type: "button", textContent: "Tell the school why" });
    why.setAttribute("aria-label", `Tell the school why ${child.name} was absent ${sessionWords(session)}`);
    why.addEventListener("click", () => explain(card, session));
    li.append(why);
    return li;
  }));
  const a = child.attendance, possible = a.possibleSessions, measured = possible >= child.measuredFrom;
  card.querySelector(".swatch").style.background = child.bandColour;
  card.querySelector(".swatch").hidden = !measured;
  card.querySelector(".percent").textContent = a.attendancePercent === null ? "No sessions yet" : `${percent(a.attendancePercent)} attendance`;
  card.querySelector(".band").textContent = measured ? `: ${child.band} (the school's band from ${child.bandFrom}%)` : `: too early in the year for a band`;
  card.querySelector(".missed").textContent = `${a.sessionsMissed} of ${possible} sessions missed this year (a school day is two sessions).`;
  const told = [...child.reports.map(report), ...child.leave.map(leave), ...child.contactChanges.map(contactChange)];
  keep(card.querySelector(".requests"), told.length ? told : [item("Nothing yet.")]);
  card.querySelector("details.contact").hidden = !child.you;
  if (child.you) card.querySelector(".held").textContent = `The school holds for you: ${child.you.phone}${child.you.email ? `, ${child.you.email}` : ""} (${child.you.relationship}).`;
}

// A file chosen but not yet sent stays as it is when the page reads again: an item is replaced only when it changed.
function keep(list, items) {
  const existing = new Map([...list.children].filter(li => li.dataset.id).map(li => [li.dataset.id, li]));
  const kept = li => existing.get(li.dataset.id ?? "");
  list.replaceChildren(...items.map(li => (kept(li) && kept(li).dataset.version === li.dataset.version ? kept(li) : li)));
}

// Function declarations only below: the page's first load runs before the module's constants are set.
function versioned(li, r) {
  Object.assign(li.dataset, { id: r.id, version: `${r.status}${r.decision?.at ?? ""}${r.evidence?.length ?? 0}` });
  return li;
}

function report(r) {
  return versioned(reportItem(r), r);
}

function reportItem(r) {
  if (r.arrivingAt) {
    const asked = r.decision ? ` The school asks: ${r.decision.note} (${r.decision.by.name}).` : "";
    return item(`Running late, ${sessionWords(r.sessions.first)}: arriving about ${r.arrivingAt.slice(0, 5)}.${asked}`);
  }
  const decided = r.decision ? ` ${r.status === "Accepted" ? `The school recorded it as ${meaning(r.decision.code)} (${r.decision.code})` : `The school asks: ${r.decision.note}`} (${r.decision.by.name}).` : " Waiting for the school.";
  const sent = r.evidence?.length ? ` ${r.evidence.length === 1 ? "1 file" : `${r.evidence.length} files`} sent with it.` : "";
  const li = item(`Absence, ${rangeWords(r.sessions)}: ${reasons[r.reason]}.${decided}${sent}`);
  if (r.status !== "Accepted" && (r.evidence?.length ?? 0) < 5) li.append(evidenceForm(r));
  return li;
}

// Evidence for a report (an appointment card, a letter): a photo or a PDF, seen only by the school office and the
// attendance lead. The school checks the file; what it refuses is said here.
function evidenceForm(r) {
  const form = Object.assign(document.createElement("form"), { className: "evidence" });
  const id = `evidence-${r.id}`;
  form.innerHTML = `<label for="${id}">Add a photo of an appointment card or letter, or a PDF <span class="note">(seen only by the school office and attendance lead)</span></label>
    <input type="file" id="${id}" name="file" accept="image/jpeg,image/png,application/pdf" required>
    <button type="submit">Send the file</button>`;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const button = form.querySelector("button");
    const file = form.file.files[0];
    if (file && file.size > mostEvidenceBytes) {
      $("family-status").textContent = `Not sent: the file is ${(file.size / 1048576).toFixed(1)} MB, more than the 8 MB the school takes. Take the photo again at a lower size, or send a PDF.`;
      return;
    }
    button.disabled = true;
    $("family-status").textContent = "Sending the file…";
    try {
      const response = await api(`/api/family/children/${encodeURIComponent(r.schoolId)}/${encodeURIComponent(r.upn)}/absences/${encodeURIComponent(r.id)}/evidence`,
        { method: "POST", body: new FormData(form) });
      // A refusal by the server is a problem in words; one by a proxy in front of it may not be.
      const refused = response.ok ? null : response.headers.get("Content-Type")?.includes("json") ? (await response.json()).detail : `the school's service refused it (${response.status}).`;
      $("family-status").textContent = response.ok ? "Sent: the school office can see the file now." : `Not sent: ${refused}`;
      if (response.ok) await load();
    } catch {
      $("family-status").textContent = "Not sent: no connection. Check your signal and send it again.";
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function leave(l) {
  return versioned(leaveItem(l), l);
}

function contactChange(c) {
  const what = [c.phone && `phone ${c.phone}`, c.email && `e-mail ${c.email}`].filter(Boolean).join(" and ");
  const decided = c.decision ? ` ${c.status === "Approved" ? "Changed" : "Not changed"}: ${c.decision.note} (${c.decision.by.name}).` : " Waiting for the school office.";
  return versioned(item(`Your contact details: new ${what}.${decided}`), c);
}

function leaveItem(l) {
  const decided = l.decision ? ` ${l.status === "Granted" ? "Granted" : "Not granted"}: ${l.decision.note} (${l.decision.by.name}).` : ` Waiting for the headteacher${l.late ? " (asked with less notice than the school asks for)" : ""}.`;
  return item(`Leave, ${rangeWords(l.sessions)}.${decided}`);
}

function message(m) {
  if (!m) return item("No messages yet.");
  const li = item("");
  li.append(Object.assign(document.createElement("strong"), { textContent: m.subject }), ` (${new Date(m.sentAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })})`,
    Object.assign(document.createElement("p"), { textContent: m.body }));
  return li;
}

function wire(card, child) {
  const url = kind => `/api/family/children/${encodeURIComponent(child.schoolId)}/${encodeURIComponent(child.upn)}/${kind}`;
  const [lateForm, reportForm, contactForm, leaveForm] = card.querySelectorAll(":scope > details > form");
  contactForm.addEventListener("submit", event => send(event, contactForm, url("contact-details"), {
    phone: contactForm.phone.value || null, email: contactForm.email.value || null,
  }, `Sent: the school office will check it is you, then change your details for ${child.name}.`));
  lateForm.addEventListener("submit", event => send(event, lateForm, url("running-late"), {
    arrivingAt: lateForm.arrivingAt.value, details: lateForm.details.value || null,
  }, `Sent: the school knows ${child.name} is on the way, arriving about ${lateForm.arrivingAt.value}.`));
  card.querySelector(".notice").textContent = "The headteacher grants leave in term time only in exceptional circumstances. Please ask at least two weeks ahead.";
  for (const field of card.querySelectorAll("input[type=date]")) field.value = child.today;
  reportForm.firstDate.addEventListener("change", () => { if (reportForm.lastDate.value < reportForm.firstDate.value) reportForm.lastDate.value = reportForm.firstDate.value; });
  reportForm.addEventListener("submit", event => send(event, reportForm, url("absences"), {
    first: `${reportForm.firstDate.value}-${reportForm.firstPart.value}`, last: `${reportForm.lastDate.value}-${reportForm.lastPart.value}`,
    reason: reportForm.reason.value, details: reportForm.details.value || null,
  }, `Sent: the school office can see your report for ${child.name} now.`));
  leaveForm.addEventListener("submit", event => send(event, leaveForm, url("leave"), {
    first: `${leaveForm.firstDate.value}-AM`, last: `${leaveForm.lastDate.value}-PM`, reason: leaveForm.reason.value,
  }, `Sent: the headteacher will decide on leave for ${child.name} and you will be told.`));
}

async function send(event, form, url, body, done) {
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await post(url, body);
    const answer = await response.json();
    $("family-status").textContent = response.ok ? done : `Not sent: ${answer.detail}`;
    if (response.ok) {
      form.closest("details").open = false;
      form.querySelectorAll("textarea, input[type=tel], input[type=email]").forEach(field => (field.value = ""));
      await load();
    }
  } catch {
    $("family-status").textContent = "Not sent: no connection. Check your signal and send it again.";
  } finally {
    button.disabled = false;
  }
}

function meaning(code) {
  return codes.get(code)?.meaning ?? code;
}

function item(text) {
  return Object.assign(document.createElement("li"), { textContent: text });
}
