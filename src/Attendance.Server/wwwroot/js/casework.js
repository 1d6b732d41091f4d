// A pupil's casework for those who follow up: the case log (with each referral's and panel's outcome), plans and
// contracts (each week against a contract's target, who signed), part-time timetables, and penalty-notice cases with
// their next step and the evidence pack. Forms record each; the panel redraws from the server's answer.
import { api, download } from "./api.js";
import { longDate } from "./format.js";

const $ = id => document.getElementById(id);
const words = {
  ActionPlan: "Attendance action plan", Contract: "Attendance contract", Reintegration: "Reintegration plan", HealthCare: "Health-care plan",
  HomeVisit: "Home visit", SupportTier: "Level of support", EarlyHelp: "Early Help", Mash: "MASH", EducationWelfare: "Education welfare service",
  SchoolAttendancePanel: "School attendance panel", LocalAuthorityLegalPanel: "Local authority legal panel", ProvisionPanel: "Provision panel",
  NoticeToImprove: "Notice to Improve", Requested: "Requested from the local authority", ProsecutionReferred: "Referred for prosecution",
};
const word = key => words[key] ?? key;
const day = iso => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
const text = (tag, content, className) => Object.assign(document.createElement(tag), { textContent: content, ...(className ? { className } : {}) });

export function showCasework(schoolId, upn, work) {
  if (work === null) return;
  $("casework-panel").hidden = false;
  const school = `/api/schools/${encodeURIComponent(schoolId)}`, base = `${school}/pupils/${encodeURIComponent(upn)}`;
  const refresh = async () => showCasework(schoolId, upn, await (await api(`${base}/casework`)).json());
  const none = () => text("li", "None.", "note");

  $("case-log").replaceChildren(...(work.log.length ? work.log.map(e => logItem(e, base, refresh)) : [none()]));
  const plans = [...work.plans.map(p => planItem(p, base, refresh)), ...work.timetables.map(t => timetableItem(t, base, refresh))];
  $("casework").replaceChildren(...(plans.length ? plans : [none()]));
  $("penalty-notices").replaceChildren(...(work.penaltyNotices.length ? work.penaltyNotices.map(c => penaltyItem(c, school, refresh)) : [none()]));

  // The forms are wired once.
  if ($("casework-panel").dataset.wired) return;
  $("casework-panel").dataset.wired = "yes";
  wireForms(base, refresh);
}

function logItem(entry, base, refresh) {
  const detail = entry.service ?? entry.panel ?? entry.tier;
  const li = item(entry.id, entry.awaitsOutcome);
  li.append(text("p", `${day(entry.on)}: ${word(entry.kind)}${detail ? ` (${word(detail)})` : ""}. ${entry.summary}`),
    text("p", `Recorded by ${entry.recordedBy.name}${entry.outcome ? `. Outcome, ${day(entry.outcome.on)}: ${entry.outcome.what}` : entry.awaitsOutcome ? ". Outcome not yet recorded." : ""}`, "note"));
  if (entry.awaitsOutcome) {
    li.append(smallForm(`outcome-${entry.id}`, [["outcome", "Outcome", "text"], ["on", "Known on", "date"]], "Record the outcome",
      f => ({ outcome: f.outcome.value, on: f.on.value }), `${base}/case-log/${encodeURIComponent(entry.id)}/outcome`, "Outcome recorded.", refresh));
  }
  return li;
}

function planItem(plan, base, refresh) {
  const li = item(plan.id, plan.isOpen);
  const weeks = plan.weeks ?? [], signed = plan.signatures ?? [];
  li.append(text("p", `${word(plan.kind)} agreed ${longDate(plan.meetingOn)} with ${plan.attended.join(", ") || "no one recorded"}; review ${longDate(plan.nextReview)}${plan.isOpen ? "" : " (closed)"}`),
    ...[`School: ${plan.schoolActions.join("; ") || "–"}`, `Parents: ${plan.parentActions.join("; ") || "–"}`, `Pupil: ${plan.pupilActions.join("; ") || "–"}`,
      `Support: ${plan.support ?? "–"}`,
      ...(plan.target ? [`Target: at least ${plan.target.sessions} out of ${plan.target.outOf} sessions each week. ` +
        (weeks.length ? weeks.map(w => `Week of ${day(w.weekOf)}: ${w.attended} of ${w.possible}, ${w.met ? "met" : "missed"}`).join("; ") : "No school week has ended since the meeting.")] : []),
      `Signed by: ${signed.map(s => `${s.name} (${s.role}, ${day(s.signedOn)})`).join(", ") || "no one yet"}`,
      ...reviews(plan.reviews)].map(l => text("p", l, "note")));
  if (plan.isOpen) {
    const url = `${base}/action-plans/${encodeURIComponent(plan.id)}`;
    const sign = document.createElement("details");
    sign.append(text("summary", "Record a signature"), smallForm(`sign-${plan.id}`, [["signer", "Signed by", "text"], ["role", "Role (e.g. mother)", "text"], ["signedOn", "On", "date"]], "Record signature",
      f => ({ name: f.signer.value, role: f.role.value, signedOn: f.signedOn.value }), `${url}/signatures`, "Signature recorded.", refresh));
    li.append(sign);
    li.append(reviewForm(`${url}/reviews`, "plan", refresh));
  }
  return li;
}

function timetableItem(t, base, refresh) {
  const li = item(t.id, t.isOpen);
  li.append(text("p", `Part-time timetable ${longDate(t.start)} to ${longDate(t.agreedEnd)}: not in school ${t.sessionsOff.map(s => `${s.day} ${s.part}`).join(", ")}; review ${longDate(t.nextReview)}${t.isOpen ? "" : " (ended)"}`),
    ...[t.reason, ...reviews(t.reviews)].map(l => text("p", l, "note")));
  if (t.isOpen) li.append(reviewForm(`${base}/part-time-timetables/${encodeURIComponent(t.id)}/reviews`, "timetable", refresh));
  return li;
}

function penaltyItem(penalty, school, refresh) {
  const li = item(penalty.id, penalty.isOpen);
  li.append(text("p", `For ${penalty.parent}: ${word(penalty.current)}${penalty.noticeNumber ? ` (notice ${penalty.noticeNumber} in the cap's years)` : ""}. ${penalty.sessionsConcerned.length} sessions concerned.`));
  const steps = document.createElement("ol");
  steps.append(...penalty.steps.map(s => text("li", `${day(s.on)}: ${word(s.step)}${s.reference ? ` (reference ${s.reference})` : ""}${s.amount !== null && s.amount !== undefined ? `, £${s.amount.toFixed(2)}` : ""}. ${s.note} (${s.by.name})`)));
  li.append(steps);
  const considered = document.createElement("details");
  considered.append(text("summary", "Considerations and rationale"), text("p", `Support: ${penalty.considerations.support}`, "note"),
    text("p", `Best tool: ${penalty.considerations.bestTool}`, "note"), text("p", `Notice to Improve: ${penalty.considerations.noticeToImprove}`, "note"),
    text("p", `Another legal intervention: ${penalty.considerations.otherIntervention}`, "note"), text("p", `Reasonable adjustments: ${penalty.considerations.adjustments}`, "note"),
    text("p", `Rationale: ${penalty.rationale}`, "note"));
  const pack = text("button", "Evidence pack (PDF)");
  pack.type = "button";
  pack.addEventListener("click", async () => {
    $("casework-result").textContent = await download(`${school}/penalty-notices/${encodeURIComponent(penalty.id)}/evidence-pack.pdf`, "evidence-pack.pdf");
  });
  li.append(considered, pack);
  if (penalty.isOpen) {
    const form = smallForm(`step-${penalty.id}`, [["step", "Next step", penalty.next], ["on", "On", "date"], ["note", "Note", "text"], ["reference", "LA reference", "text"]], "Record step",
      f => ({ step: f.step.value, on: f.on.value, note: f.note.value || null, reference: f.reference.value || null }),
      `${school}/penalty-notices/${encodeURIComponent(penalty.id)}/steps`, "Step recorded.", refresh);
    li.append(form);
  }
  return li;
}

/** A record's list item: focusable, so the focus can come back to it when the list is redrawn after a form on it is sent. */
function item(id, open) {
  const li = document.createElement("li");
  li.className = `request ${open ? "" : "Accepted"}`;
  li.dataset.record = id;
  li.tabIndex = -1;
  return li;
}

const reviews = r => r.map(v => `${v.outcome} (${v.by.name}, ${new Date(v.at).toLocaleDateString("en-GB")}): ${v.note}${v.nextReview ? `; next review ${longDate(v.nextReview)}` : ""}`);

/** A one-line form: each field a labelled input (or a select of options), sent as JSON to url. */
function smallForm(id, fields, button, body, url, done, refresh) {
  const form = document.createElement("form");
  for (const [name, label, type] of fields) {
    const wrap = text("label", `${label} `);
    const input = Array.isArray(type) ? document.createElement("select") : Object.assign(document.createElement("input"), { type });
    if (Array.isArray(type)) input.append(...type.map(v => new Option(word(v), v)));
    Object.assign(input, { id: `${id}-${name}`, name, required: type === "date" || ["outcome", "signer", "role"].includes(name) });
    wrap.htmlFor = input.id;
    wrap.append(input);
    form.append(wrap);
  }
  form.append(Object.assign(document.createElement("button"), { type: "submit", textContent: button }));
  form.addEventListener("submit", event => send(event, url, body, done, refresh));
  return form;
}

function reviewForm(url, kind, refresh) {
  const form = document.createElement("form");
  const id = `review-${url.split("/").at(-2)}`;
  form.innerHTML = `<label for="${id}-outcome">Review outcome <select id="${id}-outcome" name="outcome">
      <option value="Continue">Continue</option><option value="Improved">${kind === "timetable" ? "Back to full time" : "Improved"}</option><option value="Escalate">Escalate</option></select></label>
    <label for="${id}-next">Next review <input type="date" id="${id}-next" name="nextReview"></label>
    <label for="${id}-note">What the review found <input id="${id}-note" name="note" required></label>
    <button type="submit">Record review</button>`;
  form.addEventListener("submit", event => send(event, url, f => ({ outcome: f.outcome.value, note: f.note.value, nextReview: f.nextReview.value || null }), "Review recorded.", refresh));
  return form;
}

function wireForms(base, refresh) {
  $("timetable-sessions").replaceChildren(...["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"].flatMap(d => ["AM", "PM"].map(part => {
    const label = document.createElement("label");
    label.append(Object.assign(document.createElement("input"), { type: "checkbox", name: "off", value: `${d} ${part}` }), ` ${d.slice(0, 3)} ${part}`);
    return label;
  })));
  // A referral names its service, a panel its kind, a change of support its level: only that field shows.
  const kind = $("entry-kind");
  const showFor = () => document.querySelectorAll("#case-entry [data-for]").forEach(e => { e.hidden = e.dataset.for !== kind.value; });
  kind.addEventListener("change", showFor);
  showFor();
  const lines = value => value.split("\n").map(l => l.trim()).filter(Boolean);
  const record = (formId, url, body, done) => $(formId).addEventListener("submit", event => send(event, url, body, done, refresh));
  record("case-entry", `${base}/case-log`, f => ({
    kind: f.kind.value, on: f.on.value, summary: f.summary.value,
    service: f.kind.value === "Referral" ? f.service.value : null, panel: f.kind.value === "Panel" ? f.panel.value : null, tier: f.kind.value === "SupportTier" ? f.tier.value : null,
  }), "Recorded in the case log.");
  record("plan", `${base}/action-plans`, f => ({
    kind: f.kind.value, meetingOn: f.meetingOn.value, attended: lines(f.attended.value), schoolActions: lines(f.schoolActions.value),
    parentActions: lines(f.parentActions.value), pupilActions: lines(f.pupilActions.value), support: f.support.value || null, reviewOn: f.reviewOn.value || null,
    target: f.sessions.value ? { sessions: Number(f.sessions.value), outOf: Number(f.outOf.value) } : null,
  }), "Plan recorded; a review task will be raised on its review date.");
  record("timetable", `${base}/part-time-timetables`, f => ({
    start: f.start.value, agreedEnd: f.agreedEnd.value, reviewOn: f.reviewOn.value, reason: f.reason.value,
    sessionsOff: [...f.querySelectorAll("input[name=off]:checked")].map(c => ({ day: c.value.split(" ")[0], part: c.value.split(" ")[1] })),
  }), "Timetable recorded; its sessions out of school will be coded C2.");
}

async function send(event, url, body, done, refresh) {
  event.preventDefault();
  // The form's fields by name (form.note, form.reviewOn…): none of the names shadows a property of the form.
  const response = await api(url, { method: "POST", body: JSON.stringify(body(event.target)) });
  $("casework-result").textContent = response.ok ? done : (await response.json()).detail;
  if (!response.ok) return;
  // The redraw replaces the form that had the focus: it goes back to the record, or to the closed form's summary.
  const record = event.target.closest("li[data-record]")?.dataset.record, details = event.target.closest("details");
  if (details && !record) {
    event.target.reset();
    details.open = false;
  }
  await refresh();
  (record ? document.querySelector(`li[data-record="${CSS.escape(record)}"]`) : details?.querySelector("summary"))?.focus();
}
