// A secondary school's lesson timetable, for the office: the MIS's three CSV files (periods, lessons, groups) previewed
// (what it would add, change and remove, and pupils with no lessons; or every problem by file and line), then
// imported; and one lesson's cover or room for a day.
import { api, post, problemNodes } from "./api.js";
import { titledList as list } from "./lists.js";

const $ = id => document.getElementById(id);

// base: the school's API address.
export function timetable(base) {
  $("timetable-panel").hidden = false;
  $("timetable").addEventListener("submit", async event => {
    event.preventDefault();
    const preview = await send("?dryRun=true");
    $("timetable-apply").disabled = !preview;
    if (preview) show(preview, "Preview, nothing changed yet");
  });
  $("timetable-apply").addEventListener("click", async () => {
    $("timetable-apply").disabled = true;
    const imported = await send("");
    if (imported) show(imported, "Imported");
  });
  $("cover").addEventListener("submit", async event => {
    event.preventDefault();
    const value = id => $(id).value.trim() || null;
    const response = await post(`${base}/lessons/${$("cover-date").value}/${encodeURIComponent(value("cover-lesson") ?? "")}/change`,
      { teacher: value("cover-teacher"), room: value("cover-room"), reason: value("cover-reason") });
    const answer = await response.json();
    $("cover-result").textContent = response.ok
      ? `Recorded: ${answer.period.name} ${answer.subject} (${answer.groupName}) on ${answer.date} is taught by ${answer.teacher} in ${answer.room}.`
      : answer.detail;
  });

  async function send(query) {
    const form = new FormData();
    for (const name of ["periods", "lessons", "groups"]) form.append(name, $(`timetable-${name}`).files[0]);
    form.append("cycleWeeks", $("timetable-weeks").value);
    if ($("timetable-starts").value) form.append("cycleStarts", $("timetable-starts").value);
    const response = await api(`${base}/timetable${query}`, { method: "PUT", body: form });
    const answer = await response.json();
    if (response.ok) return answer;
    $("timetable-preview").replaceChildren(...problemNodes(answer));
    return null;
  }
}

function show(preview, what) {
  const summary = Object.assign(document.createElement("p"), {
    className: "summary",
    textContent: `${what}: ${preview.periods} periods, ${preview.groups} teaching groups, ${preview.lessons} lessons a cycle, ${preview.pupils} pupils in groups.`,
  });
  $("timetable-preview").replaceChildren(summary,
    ...list("New lessons", preview.lessonsAdded, id => id),
    ...list("Changed lessons", preview.lessonsChanged, id => id),
    ...list("Lessons no longer on the timetable", preview.lessonsRemoved, id => id),
    ...list("Pupils on roll in no teaching group", preview.pupilsWithoutLessons, upn => upn));
}
