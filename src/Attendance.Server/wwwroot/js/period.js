// Any period on the analytics page: a term from the school's calendar or any dates, whole school weeks. The groups'
// figures, and every pupil with sessions in it by band (lowest attendance first, persistent absence said in words),
// each linking to their page; the pupils download as CSV, the governors' report as PDF.
import { signedIn } from "./auth.js";
import { api, download } from "./api.js";
import { pupilHref, schoolOf } from "./nav.js";
import { percent, shortDate, weeksWords } from "./format.js";
import { groupRow } from "./groups.js";

const $ = id => document.getElementById(id);
const schoolId = schoolOf(await signedIn());
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
const school = await (await api(base)).json();
const today = new Date().toISOString().slice(0, 10);
const terms = school.calendar.terms.filter(t => t.start <= today);

$("period-term").replaceChildren(new Option("Dates chosen", ""), ...terms.map(t => new Option(`${t.name} (${shortDate(t.start)} to ${shortDate(t.end)})`, `${t.start}/${t.end}`)));
$("period-term").addEventListener("change", () => {
  if (!$("period-term").value) return;
  [$("period-from").value, $("period-to").value] = $("period-term").value.split("/");
  show();
});
// Dates typed are no longer the term chosen.
for (const field of [$("period-from"), $("period-to")]) field.addEventListener("input", () => ($("period-term").value = ""));
$("period").addEventListener("submit", event => {
  event.preventDefault();
  show();
});
$("period-csv").addEventListener("click", async () => {
  $("period-status").textContent = await download(`${base}/analytics/period.csv?${query()}`, "attendance-period.csv");
});
// For governors: figures and charts only, no pupil named (the server hides small groups whoever prints it).
$("period-governors").addEventListener("click", async () => {
  $("period-status").textContent = await download(`${base}/analytics/governors.pdf?${query()}`, "governors-report.pdf");
});

// The latest term begun, to today: what a leader looks at first.
const latest = terms.at(-1);
if (latest) {
  $("period-term").value = `${latest.start}/${latest.end}`;
  [$("period-from").value, $("period-to").value] = [latest.start, latest.end < today ? latest.end : today];
  await show();
}

function query() {
  return `from=${encodeURIComponent($("period-from").value)}&to=${encodeURIComponent($("period-to").value)}`;
}

async function show() {
  const response = await api(`${base}/analytics/period?${query()}`);
  const answer = await response.json();
  if (!response.ok) {
    // What was shown was for other dates: cleared, so no figure is read against the wrong period.
    $("period-groups").replaceChildren();
    $("period-bands").replaceChildren();
    return ($("period-status").textContent = answer.detail);
  }
  const weeks = weeksWords(answer.firstWeek, answer.lastWeek);
  $("period-status").textContent = `Showing ${weeks}: ${answer.pupils.length} pupils with sessions.`;
  $("period-groups-caption").textContent = `Each group, ${weeks}`;
  const groups = answer.groups.filter(g => g.dimension === "School" || g.dimension === "Year group");
  $("period-groups").replaceChildren(...groups.map(g => groupRow(g, answer.minimumGroupSize)));
  const bands = Map.groupBy(answer.pupils, p => p.band);
  $("period-bands").replaceChildren(...[...bands].map(([band, pupils]) => bandList(band, pupils)));
}

function bandList(band, pupils) {
  const section = document.createElement("section");
  const id = `period-band-${band.replace(/\W+/g, "-").toLowerCase()}`;
  section.setAttribute("aria-labelledby", id);
  section.append(Object.assign(document.createElement("h3"), { id, textContent: `${band}: ${pupils.length} pupil${pupils.length === 1 ? "" : "s"}` }));
  const list = Object.assign(document.createElement("ul"), { className: "pupils" });
  list.append(...pupils.map(p => {
    const li = document.createElement("li");
    const said = p.severelyAbsent ? ", severely absent" : p.persistentlyAbsent ? ", persistently absent" : "";
    li.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, p.upn), textContent: p.name }),
      ` (${p.classId}): ${percent(p.attendancePercent)}, ${p.sessionsAttended} of ${p.possibleSessions} sessions${said}`);
    return li;
  }));
  section.append(list);
  return section;
}
