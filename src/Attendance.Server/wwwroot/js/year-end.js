// The end of the school year, for the office: a preview of what it does (who moves up, who leaves and on which day,
// the alerts it closes, what carries on, what stops it yet), then one button to do it. Done, the preview says when
// and by whom.
import { api, post, problemNodes } from "./api.js";
import { longDate, dateTime } from "./format.js";
import { titledList as list } from "./lists.js";

const $ = id => document.getElementById(id);

// base: the school's API address.
export function yearEnd(base) {
  $("year-end-panel").hidden = false;
  $("year-end").addEventListener("submit", async event => {
    event.preventDefault();
    const final = $("year-end-final").value.trim();
    const response = await api(`${base}/year-end${final ? `?finalYearGroup=${encodeURIComponent(final)}` : ""}`);
    const answer = await response.json();
    if (!response.ok) return problems(answer);
    show(answer);
    $("year-end-final").value = answer.finalYearGroup;
    $("year-end-apply").disabled = answer.problems.length > 0 || answer.doneAt !== null;
  });
  $("year-end-apply").addEventListener("click", async () => {
    $("year-end-apply").disabled = true;
    const response = await post(`${base}/year-end`, { finalYearGroup: $("year-end-final").value.trim() || null });
    const answer = await response.json();
    if (!response.ok) return problems(answer);
    show(answer);
  });
}

function problems(answer) {
  $("year-end-preview").replaceChildren(...problemNodes(answer));
}

function show(plan) {
  const c = plan.changes;
  const summary = document.createElement("p");
  summary.className = "summary";
  summary.textContent = plan.doneAt
    ? `${plan.year} ended on ${dateTime(plan.doneAt, "long")} by ${plan.doneBy.name}: ${c.promotions.length} pupil(s) moved up, ${c.leavers.length} left on ${longDate(plan.lastDay)}.`
    : `Preview of the end of ${plan.year}, nothing changed yet: ${c.promotions.length} pupil(s) move up, ${c.leavers.length} in year group ${plan.finalYearGroup} leave on ${longDate(plan.lastDay)}` +
      `${plan.nextFirstDay ? `; next year starts on ${longDate(plan.nextFirstDay)}` : ""}.`;
  const facts = list(plan.doneAt ? "What else it did" : "What else it does", [
    `${plan.alertsToClose} open alert(s) on this year's bands, stages and persistent absence close as "new year" (their history is kept).`,
    `${plan.openCasework} open action plan(s) and part-time timetable(s) carry on.`,
    `${plan.openPenaltyDecisions} penalty-notice decision(s) still to make carry on.`,
  ], t => t);
  $("year-end-preview").replaceChildren(summary,
    ...list("Why it cannot be done yet", plan.problems, p => p),
    ...list("Leaving", c.leavers, l => `${l.name} (${l.upn}), year group ${l.yearGroup}`),
    ...list("Moving up", c.promotions, p => `${p.name} (${p.upn}): ${p.from} → ${p.to}`),
    ...list("Year group not understood, left as it is", c.notPromoted, p => `${p.name} (${p.upn}): '${p.yearGroup}'`),
    ...facts);
}
