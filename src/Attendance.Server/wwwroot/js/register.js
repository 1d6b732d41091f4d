// Taking a class register on a phone or a classroom tablet. Marks are kept on the device as they are tapped; Submit
// sends the whole register once with an Idempotency-Key. With no connection the submission waits on the device and is
// sent, with the same key, as soon as the connection returns. The screen says "recorded by the school" only once the
// school has acknowledged it; until then "saved on this device, not sent yet".
import { signedIn } from "./auth.js";
import { api } from "./api.js";
import { pupilHref, showConnection, showNav } from "./nav.js";
import { connect } from "./live.js";
import { RegisterStore } from "./register-store.js";
import { registerSender } from "./register-send.js";
import { longDate } from "./format.js";

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const schoolId = params.get("school"), classId = params.get("class"), session = params.get("session");
const base = `/api/schools/${encodeURIComponent(schoolId)}/classes/${encodeURIComponent(classId)}/registers/${session}`;
const store = new RegisterStore(schoolId, classId, session);
const time = iso => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
const flagNames = { send: "SEND", pupilPremium: "Pupil premium", hasSocialWorker: "Social worker", vulnerable: "Vulnerable" };
let problems = new Map(); // upn → what the school said about that pupil's mark

showNav(await signedIn());
$("all-present").addEventListener("click", markAllPresent);
$("submit").addEventListener("click", submit);

// A redraw replaces the buttons. One arriving between a key or finger going down on a button and coming up would
// swallow that tap (the press ends on a new button), so a live redraw waits until the press is over.
let pressing = false, redrawWaiting = false;
for (const down of ["pointerdown", "keydown"]) $("pupils").addEventListener(down, () => { pressing = true; });
for (const up of ["pointerup", "pointercancel", "keyup", "blur"]) {
  window.addEventListener(up, () => {
    pressing = false;
    // After the press's own click, which runs once this event is dispatched.
    if (redrawWaiting) setTimeout(() => { redrawWaiting = false; render(); });
  });
}

const sender = registerSender(store, base, render, answered);

// The register first (one request), then the live connection: the first paint waits for nothing else.
await load();
performance.mark("register-ready"); // measured by the register page timings (docs/BENCHMARKS.md)
if (store.pending) sender.send();

// Later changes (a gate arrival turning N into L, an office amendment) arrive live: the sheet is read again.
const live = connect(status => showConnection($("connection"), status), () => {});
let reload;
live.watch(schoolId, () => { clearTimeout(reload); reload = setTimeout(load, 250); }, classId);
live.start();

async function load() {
  try {
    const response = await api(`${base}/sheet`);
    if (!response.ok) return showError((await response.json()).detail);
    const sheet = await response.json();
    store.loaded(sheet);
    // Submitted elsewhere while marks were being tapped here (a submission of ours still unsent is settled by send).
    if (sheet.register.state === "Submitted" && !store.pending && Object.keys(store.marks).length > 0) {
      store.settled();
      showError(`This register was submitted from another device by ${sheet.register.submittedBy.name} at ${time(sheet.register.submittedAt)} while you were taking it. What the school recorded is shown below; your marks on this device were not sent.`);
    }
  } catch {
    if (!store.sheet) return showError("No connection, and this register has not been opened on this device before. Try again when the connection returns.");
  }
  render();
}

// Re-drawn on every change, live ones included: the keyboard stays on the same control of the same pupil.
function render() {
  if (pressing) {
    redrawWaiting = true;
    return;
  }

  const active = document.activeElement;
  const focusedUpn = active?.closest?.("li.pupil")?.dataset.upn, focusedControl = active?.dataset?.focus;
  draw();
  if (focusedUpn && focusedControl) document.querySelector(`li[data-upn="${focusedUpn}"] [data-focus="${focusedControl}"]`)?.focus();
}

function draw() {
  const sheet = store.sheet, register = sheet.register;
  const submitted = register.state === "Submitted";
  document.title = `${register.className}: ${partName()} register`;
  $("class-name").textContent = register.className;
  $("session").textContent = `${partName()} register, ${longDate(session)} (${sheet.window.opens.slice(0, 5)}, late after ${sheet.window.lateAfter.slice(0, 5)}, closes ${sheet.window.closes.slice(0, 5)})`;
  $("pupils").replaceChildren(...register.lines.map(line => row(line, sheet, submitted)));
  const toMark = editable(register);
  const marked = toMark.filter(l => store.marks[l.upn]).length;
  $("progress").textContent = submitted ? `${register.lines.length} pupils` : `${marked} of ${toMark.length} to mark`;
  $("all-present").hidden = $("submit").hidden = submitted || !!store.pending;
  $("submit").disabled = sender.sending;
  showState(register);
}

function showState(register) {
  const state = $("register-state");
  if (register.state === "Submitted") {
    state.dataset.state = "recorded";
    state.textContent = `Recorded by the school: submitted by ${register.submittedBy.name} at ${time(register.submittedAt)}. Changes from the gate and the office appear here as they happen.`;
  } else if (store.pending) {
    state.dataset.state = "pending";
    state.textContent = sender.pendingText(time);
  } else {
    state.dataset.state = "draft";
    state.textContent = Object.keys(store.marks).length > 0 ? "Marks saved on this device. Submit the register when every pupil has a mark." : "";
  }
}

// The pupils this register marks: not marked already (e.g. at the gate) and not at a provision this session.
function editable(register) {
  return register.lines.filter(l => !l.mark && !l.atProvision);
}

function row(line, sheet, submitted) {
  const li = document.createElement("li");
  li.className = "pupil";
  li.dataset.upn = line.upn;
  const who = document.createElement("div");
  who.className = "who";
  const name = document.createElement("a");
  name.href = pupilHref(schoolId, line.upn);
  name.className = "name";
  name.textContent = line.name;
  who.append(name);
  if (line.legalName && line.legalName !== line.name) who.append(small("legal", `Legal name: ${line.legalName}`));
  const flags = Object.entries(flagNames).filter(([key]) => line.flags?.[key]).map(([, text]) => text);
  if (flags.length) who.append(small("flags", flags.join(" · ")));
  li.append(who);

  const mark = document.createElement("div");
  mark.className = "mark";
  if (line.atProvision) {
    mark.append(small("recorded", `At ${line.atProvision}: the provision marks this pupil`));
  } else if (line.mark) {
    mark.append(small("recorded", recordedText(line)));
  } else if (store.pending || submitted) {
    mark.append(small("pending", `${store.marks[line.upn] ?? "?"}: saved on this device, not sent yet`));
  } else {
    mark.append(choices(line, sheet));
  }
  li.append(mark);
  if (problems.has(line.upn)) {
    li.classList.add("problem");
    li.append(small("error", problems.get(line.upn)));
  }
  return li;
}

function recordedText(line) {
  const m = line.mark;
  const how = m.source === "Gate" ? `arrived ${m.arrivedAt.slice(0, 5)}` : `by ${m.recordedBy.name}`;
  return `${m.code} (${codeMeaning(m.code)}), ${how}${line.amended ? ", amended" : ""}: recorded by the school`;
}

function codeMeaning(code) {
  return store.sheet.codes.find(c => c.code === code)?.meaning ?? "";
}

// One tap for present; one tap for absent (N, no reason yet), then any other code this user may record.
function choices(line, sheet) {
  const present = presentCode();
  const current = store.marks[line.upn];
  const group = document.createElement("div");
  group.className = "choices";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Mark for ${line.name}`);
  const absences = sheet.codes.filter(c => c.category !== "Present");
  const button = (text, code, pressed) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.dataset.code = b.dataset.focus = code;
    b.setAttribute("aria-pressed", String(pressed));
    b.addEventListener("click", () => choose(line.upn, code));
    return b;
  };
  const absent = current && absences.some(c => c.code === current);
  group.append(button("Present", present, current === present));
  if (sheet.codes.some(c => c.code === "L")) group.append(button("Late", "L", current === "L"));
  group.append(button("Absent", "N", !!absent));
  if (absent && absences.length > 1) {
    const label = document.createElement("label");
    label.className = "reason";
    label.textContent = "Code ";
    const select = document.createElement("select");
    select.name = "code";
    select.dataset.focus = "reason";
    for (const c of absences) select.append(new Option(`${c.code}: ${c.meaning}`, c.code, false, c.code === current));
    select.addEventListener("change", () => choose(line.upn, select.value));
    label.append(select);
    group.append(label);
  }
  return group;
}

function choose(upn, code) {
  store.mark(upn, code);
  problems.delete(upn);
  render();
}

function markAllPresent() {
  for (const line of editable(store.sheet.register)) {
    if (!store.marks[line.upn]) store.marks[line.upn] = presentCode();
  }
  store.save();
  render();
}

function submit() {
  const lines = editable(store.sheet.register);
  const missing = lines.filter(l => !store.marks[l.upn]);
  if (missing.length > 0) {
    showError(`${missing.length} pupil(s) have no mark yet: ${missing.map(l => l.name).join(", ")}.`);
    document.querySelector(`li[data-upn="${missing[0].upn}"] button`)?.focus();
    return;
  }
  showError("");
  store.submit(lines.map(l => ({ upn: l.upn, code: store.marks[l.upn] })));
  sender.send();
}

async function answered(answer) {
  if (answer.outcome === "recorded") {
    store.settled();
    problems = new Map();
    showError("");
  } else {
    const problem = answer.problem;
    if (problem.type === "urn:attendance:problem:register-already-submitted") {
      store.settled();
      showError(`This register was already submitted from another device. What the school recorded is shown below; your marks on this device were not sent. ${problem.detail}`);
    } else {
      store.refused();
      problems = new Map((problem.items ?? []).map(upn => [upn, problem.detail]));
      showError(`The school did not accept this register: ${problem.detail}`);
    }
  }
  await load();
}

function showError(text) {
  $("register-error").textContent = text;
}

function presentCode() {
  return session.endsWith("AM") ? "/" : "\\";
}

function partName() {
  return session.endsWith("AM") ? "Morning" : "Afternoon";
}

function small(className, text) {
  const span = document.createElement("span");
  span.className = className;
  span.textContent = text;
  return span;
}
