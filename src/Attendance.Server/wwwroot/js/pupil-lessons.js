// A secondary pupil's lessons today on their page: where they should be now (the timetable) and each lesson's mark
// as its register has it, for the office and leaders finding a pupil. Nothing shows for a pupil with no lessons.
import { api } from "./api.js";

const marked = mark => !mark ? "register not taken yet"
  : mark.presence === "Late" ? `late (${mark.minutesLate} minutes)` : mark.presence.toLowerCase();

export async function showLessons(schoolId, upn) {
  const response = await api(`/api/schools/${encodeURIComponent(schoolId)}/pupils/${encodeURIComponent(upn)}/where`).catch(() => null);
  if (!response?.ok) return;
  const where = await response.json();
  if (where.today.length === 0) return;
  const $ = id => document.getElementById(id);
  $("lessons-panel").hidden = false;
  $("lesson-now").textContent = where.lesson
    ? `Now (${where.time.slice(0, 5)}): ${where.lesson.period.name} ${where.lesson.subject}, room ${where.lesson.room}, with ${where.lesson.teacher}: ${marked(where.mark)}.`
    : `Now (${where.time.slice(0, 5)}): no lesson (a break, or the day has not started or has ended).`;
  $("lessons-today").replaceChildren(...where.today.map(({ lesson, mark }) => Object.assign(document.createElement("li"), {
    textContent: `${lesson.period.name} ${lesson.period.starts.slice(0, 5)}–${lesson.period.ends.slice(0, 5)}: ${lesson.subject}, room ${lesson.room}: ${marked(mark)}`,
  })));
}
