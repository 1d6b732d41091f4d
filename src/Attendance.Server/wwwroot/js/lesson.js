// Taking a lesson register on a phone or a classroom tablet: present, late (with minutes) or absent, one tap each.
// Pupils the session's register already says are elsewhere (ill, on a trip, at another school) are shown so and
// start marked absent. As on the session register, marks are kept on the device as they are tapped and the
// submission is sent once with an Idempotency-Key, waiting on the device while there is no connection. A register
// already taken can be taken again with changes (a pupil arriving late): the school keeps the first marks too.
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { showNav } from "./nav.js";
import { RegisterStore } from "./register-store.js";
import { registerSender } from "./register-send.js";
import { longDate } from "./format.js";

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const schoolId = params.get("school"), date = params.get("date"), lessonId = params.get("lesson");
const base = `/api/schools/${encodeURIComponent(schoolId)}/lessons/${date}/${encodeURIComponent(lessonId)}`;
const store = new RegisterStore(schoolId, `lesson:${lessonId}`, date);
const time = iso => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
const presences = [["Present", "Present"], ["Late", "Late"], ["Absent", "Absent"]];
let problems = new Map();

showNav(await signedIn());
$("all-present").addEventListener("click", markAllPresent);
$("submit").addEventListener("click", submit);
const sender = registerSender(store, `${base}/register`, render, answered);

await load();
if (store.pending) sender.send();

async function load() {
  try {
    const response = await api(base);
    if (!response.ok) return showError((await response.json()).detail);
    const sheet = await response.json();
    store.loaded(sheet.register);
    store.now = { school: sheet.now, device: Date.now() }; // the school's time, for a late pupil's minutes
  } catch {
    if (!store.sheet) return showError("No connection, and this register has not been opened on this device before. Try again when the connection returns.");
  }
  // Marks start from what the school holds (a register taken before), else absent for pupils known to be elsewhere.
  for (const line of store.sheet.lines) {
    store.marks[line.upn] ??= line.mark ? { presence: line.mark.presence, minutesLate: line.mark.minutesLate ?? null } : line.elsewhere ? { presence: "Absent", minutesLate: null } : undefined;
    if (store.marks[line.upn] === undefined) delete store.marks[line.upn];
  }
  store.save();
  render();
}

function render() {
  const active = document.activeElement;
  const focusedUpn = active?.closest?.("li.pupil")?.dataset.upn, focusedControl = active?.dataset?.focus;
  draw();
  if (focusedUpn && focusedControl) document.querySelector(`li[data-upn="${focusedUpn}"] [data-focus="${focusedControl}"]`)?.focus();
}

function draw() {
  const register = store.sheet, lesson = register.lesson;
  const taken = register.state === "Submitted";
  document.title = `${lesson.period.name} ${lesson.subject}: lesson register`;
  $("lesson-name").textContent = `${lesson.period.name} ${lesson.subject}: ${lesson.groupName}`;
  $("lesson-time").textContent = `${longDate(lesson.date)}, ${lesson.period.starts.slice(0, 5)}–${lesson.period.ends.slice(0, 5)}, room ${lesson.room}`
    + (lesson.covered ? ` (covering ${lesson.timetabledTeacher}${lesson.changeReason ? `: ${lesson.changeReason}` : ""})` : "");
  $("pupils").replaceChildren(...register.lines.map(line => row(line)));
  const marked = register.lines.filter(l => store.marks[l.upn]).length;
  $("progress").textContent = `${marked} of ${register.lines.length} marked`;
  $("all-present").hidden = $("submit").hidden = !!store.pending;
  $("submit").textContent = taken ? "Save changes" : "Submit register";
  $("submit").disabled = sender.sending;
  showState(register);
}

function showState(register) {
  const state = $("register-state");
  if (store.pending) {
    state.dataset.state = "pending";
    state.textContent = sender.pendingText(time);
  } else if (register.state === "Submitted") {
    state.dataset.state = "recorded";
    state.textContent = `Recorded by the school: taken by ${register.takenBy.name} at ${time(register.takenAt)}. Change a mark and save if a pupil arrives.`;
  } else {
    state.dataset.state = "draft";
    state.textContent = "";
  }
}

function row(line) {
  const li = document.createElement("li");
  li.className = "pupil";
  li.dataset.upn = line.upn;
  const who = document.createElement("div");
  who.className = "who";
  who.append(small("name", line.name), small("legal", `Class ${line.classId}`));
  if (line.elsewhere) who.append(small("elsewhere", `Not in school this session: ${line.elsewhere}`));
  li.append(who);
  const mark = document.createElement("div");
  mark.className = "mark";
  mark.append(store.pending ? small("pending", `${store.marks[line.upn]?.presence ?? "?"}: saved on this device, not sent yet`) : choices(line));
  li.append(mark);
  if (problems.has(line.upn)) {
    li.classList.add("problem");
    li.append(small("error", problems.get(line.upn)));
  }
  return li;
}

function choices(line) {
  const current = store.marks[line.upn];
  const group = document.createElement("div");
  group.className = "choices";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Mark for ${line.name}`);
  for (const [presence, text] of presences) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.dataset.presence = b.dataset.focus = presence;
    b.setAttribute("aria-pressed", String(current?.presence === presence));
    b.addEventListener("click", () => choose(line.upn, presence));
    group.append(b);
  }
  if (current?.presence === "Late") {
    const label = Object.assign(document.createElement("label"), { className: "reason", textContent: "Minutes late " });
    const input = Object.assign(document.createElement("input"), { type: "number", min: "1", inputMode: "numeric", value: current.minutesLate ?? "" });
    input.dataset.focus = "minutes";
    input.addEventListener("change", () => { store.mark(line.upn, { presence: "Late", minutesLate: Number(input.value) || null }); problems.delete(line.upn); });
    label.append(input);
    group.append(label);
  }
  return group;
}

// Late starts at the minutes since the lesson began by the school's clock (at least one, and less than the lesson),
// which the teacher can change.
function choose(upn, presence) {
  const lesson = store.sheet.lesson;
  const minute = text => { const [h, m] = text.split(":").map(Number); return h * 60 + m; };
  const schoolNow = store.now ? new Date(store.now.school).getHours() * 60 + new Date(store.now.school).getMinutes() + (Date.now() - store.now.device) / 60000 : minute(new Date().toTimeString());
  const minutes = Math.min(minute(lesson.period.ends) - minute(lesson.period.starts) - 1, Math.max(1, Math.round(schoolNow - minute(lesson.period.starts))));
  store.mark(upn, { presence, minutesLate: presence === "Late" ? store.marks[upn]?.minutesLate ?? minutes : null });
  problems.delete(upn);
  render();
}

function markAllPresent() {
  for (const line of store.sheet.lines) store.marks[line.upn] ??= { presence: "Present", minutesLate: null };
  store.save();
  render();
}

function submit() {
  const missing = store.sheet.lines.filter(l => !store.marks[l.upn]);
  if (missing.length > 0) {
    showError(`${missing.length} pupil(s) have no mark yet: ${missing.map(l => l.name).join(", ")}.`);
    document.querySelector(`li[data-upn="${missing[0].upn}"] button`)?.focus();
    return;
  }
  showError("");
  store.submit(store.sheet.lines.map(l => ({ upn: l.upn, ...store.marks[l.upn] })));
  sender.send();
}

async function answered(answer) {
  if (answer.outcome === "recorded") {
    store.settled();
    problems = new Map();
    showError("");
  } else {
    store.refused();
    problems = new Map((answer.problem.items ?? []).map(upn => [upn, answer.problem.detail]));
    showError(`The school did not accept this register: ${answer.problem.detail}`);
  }
  await load();
}

function showError(text) {
  $("register-error").textContent = text;
}

function small(className, text) {
  return Object.assign(document.createElement("span"), { className, textContent: text });
}
