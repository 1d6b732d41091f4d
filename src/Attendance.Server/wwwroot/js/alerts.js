// The attendance leads' panel: open alerts pushed live, acknowledged and decided through the inbox API.
import { post } from "./api.js";
import { pupilLink } from "./nav.js";

const $ = id => document.getElementById(id);
const list = $("alerts");
const dialog = $("decision");
const form = $("decision-form");
let current = null;
let readOnly = false;

// For a school's attendance leads: open alerts to acknowledge and decide.
export function showAlerts(live, schoolId) {
  live.alerts(schoolId, render);
}

// For trust leaders: the alerts the policy sends to the trust, to read (the school's leads act on them).
export function showTrustAlerts(live) {
  readOnly = true;
  live.trustAlerts(render);
}

// An alert's item is kept while the alert is unchanged, so a push about another alert does not replace the button a
// lead is pressing (a click lands only when the press and the release are on the same element).
const version = alert => `${alert.status}|${alert.assignedTo ?? ""}|${alert.trail?.length ?? 0}|${alert.summary}`;

function render(open, changed) {
  const alerts = [...open.values()].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  $("alert-count").textContent = alerts.length;
  const shown = new Map([...list.children].map(li => [li.dataset.alertId, li]));
  const wanted = alerts.map(alert => (li => li?.dataset.version === version(alert) ? li : item(alert))(shown.get(alert.id)));
  // Only what changed moves: an item already in its place is not touched.
  wanted.forEach((li, i) => { if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null); });
  while (list.children.length > wanted.length) list.lastElementChild.remove();
  if (changed && open.has(changed.id)) list.querySelector(`[data-alert-id="${CSS.escape(changed.id)}"]`)?.classList.add("new");
}

function item(alert) {
  const li = document.createElement("li");
  li.className = `alert ${alert.kind} ${alert.status}`;
  li.dataset.alertId = alert.id;
  li.dataset.version = version(alert);
  li.innerHTML = `<p class="summary"></p><p class="action"></p>
    <p class="note"><time></time> · <span class="alert-status"></span></p>
    <div class="buttons"><button type="button" class="ack">Acknowledge</button><button type="button" class="decide">Decide…</button></div>`;
  li.querySelector(".summary").textContent = alert.summary;
  if (alert.upn) li.querySelector(".action").after(pupilLink(alert.schoolId, alert.upn, alert.pupilName));
  // A stage that sends a letter: straight to the pupil's letters with that letter chosen (seed 004's stages 1 to 3).
  const letter = alert.kind === "Escalation" && /^letter (\d)/i.exec(alert.to);
  if (letter) li.querySelector(".pupil-link").append(" · ", Object.assign(document.createElement("a"), {
    href: `pupil.html?school=${encodeURIComponent(alert.schoolId)}&upn=${encodeURIComponent(alert.upn)}#letter-${letter[1]}`, textContent: "Prepare letter",
  }));
  li.querySelector(".action").textContent = alert.action;
  const raised = new Date(alert.raisedAt);
  li.querySelector("time").dateTime = raised.toISOString();
  li.querySelector("time").textContent = raised.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  li.querySelector(".alert-status").textContent = alert.assignedTo ? `${alert.status}, assigned to ${alert.assignedTo}` : alert.status;
  li.querySelector(".buttons").hidden = readOnly;
  li.querySelector(".ack").hidden = alert.status !== "Open";
  li.querySelector(".ack").addEventListener("click", () => act(alert, "acknowledge", {}));
  li.querySelector(".decide").addEventListener("click", () => openDecision(alert));
  return li;
}

function openDecision(alert) {
  current = alert;
  $("decision-summary").textContent = alert.summary;
  $("penalty-fields").hidden = alert.kind !== "PenaltyNoticeThreshold";
  $("considerations").hidden = !form.elements.issue.checked;
  $("decision-error").textContent = "";
  dialog.showModal();
}

// The framework's considerations are asked only of a decision to pursue a notice.
form?.elements.issue.addEventListener("change", () => { $("considerations").hidden = !form.elements.issue.checked; });

form?.addEventListener("submit", async event => {
  if (event.submitter?.value !== "save") return;
  event.preventDefault();
  const f = form.elements;
  const body = { decision: f.decision.value };
  if (current.kind === "PenaltyNoticeThreshold") {
    body.penaltyNotice = { issue: f.issue.checked, parent: f.parent.value || null, rationale: f.rationale.value };
    if (f.issue.checked) {
      body.penaltyNotice.considerations = Object.fromEntries(["support", "bestTool", "noticeToImprove", "otherIntervention", "adjustments"].map(k => [k, f[k].value]));
    }
  }
  const problem = await act(current, "decision", body);
  if (problem) $("decision-error").textContent = problem;
  else dialog.close();
});

// The push brings the changed alert back; the answer here only matters when it is a refusal.
async function act(alert, verb, body) {
  const response = await post(`/api/schools/${encodeURIComponent(alert.schoolId)}/alerts/${encodeURIComponent(alert.id)}/${verb}`, body);
  if (response.ok) return null;
  const problem = await response.json();
  return problem.detail ?? problem.title;
}
