// Follow-up tasks for the staff who make the calls and visits: pushed live, recorded through the follow-up API.
import { post } from "./api.js";
import { pupilLink } from "./nav.js";
const $ = id => document.getElementById(id);
const kinds = {
  FirstDayCall: "First-day call", TellSocialWorker: "Tell the social worker / DSL", HomeVisit: "Home visit",
  InformLocalAuthority: "Inform the local authority", ReferMissingEducation: "Refer: child missing education", CallParent: "Call parent",
  ReviewActionPlan: "Review the action plan", ReviewPartTimeTimetable: "Review the part-time timetable",
  NewPupilReturn: "New pupil return to the local authority", DeletionReturn: "Deletion return to the local authority",
  PartTimeTimetableEnds: "Part-time timetable ending", ReconcileRegister: "Check the register: present, but at no lesson",
  ContractTargetMissed: "Contract target missed this week", PenaltyNoticeStep: "Penalty notice: next step due",
};
const calls = new Set(["FirstDayCall", "CallParent"]);

// owner: "schools" or "provisions"; onChange is told after each change (a provision reloads its register).
export function showTasks(live, ownerId, owner, onChange = () => {}) {
  live.tasks(ownerId, (open, changed) => {
    const tasks = [...open.values()].sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
    $("task-count").textContent = tasks.length;
    $("tasks").replaceChildren(...tasks.map(task => item(task, owner)));
    if (changed) onChange(changed);
  });
}

function item(task, owner) {
  const li = document.createElement("li");
  li.className = `task ${task.kind}`;
  li.dataset.taskId = task.id;
  const due = new Date(task.due);
  li.classList.toggle("overdue", due < new Date());
  li.innerHTML = `<p class="summary"><span class="kind"></span>: <span class="what"></span></p>
    <p class="note">Due <time></time><span class="flags"></span></p>
    <p class="contact"></p>
    <form class="record">
      <span class="call-fields"><label>Code <input name="code" size="3" placeholder="I"></label></span>
      <label class="outcome-field">Outcome <input name="outcome"></label>
      <label class="visit-field"><input type="checkbox" name="contactMade"> Someone was seen</label>
      <label>Note <input name="note"></label>
      <span class="buttons"></span>
    </form>
    <p class="error" role="alert"></p>`;
  li.querySelector(".kind").textContent = kinds[task.kind] ?? task.kind;
  li.querySelector(".what").textContent = task.what;
  li.querySelector(".summary").after(pupilLink(task.schoolId, task.upn, task.pupilName));
  li.querySelector("time").dateTime = due.toISOString();
  li.querySelector("time").textContent = due.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  const flags = Object.entries(task.flags).filter(([name, on]) => on && ["hasSocialWorker", "vulnerable"].includes(name)).map(([name]) => name === "hasSocialWorker" ? "social worker" : "vulnerable");
  li.querySelector(".flags").textContent = flags.length ? ` · ${flags.join(", ")}` : "";
  const contact = task.contacts[task.nextContact];
  li.querySelector(".contact").textContent = contact ? `Call ${contact.name} (${contact.relationship}) ${contact.phone}` : task.contacts.length ? "Every contact has been tried." : "";
  const isCall = calls.has(task.kind);
  li.querySelector(".call-fields").hidden = !isCall;
  li.querySelector(".outcome-field").hidden = isCall;
  li.querySelector(".visit-field").hidden = task.kind !== "HomeVisit";
  const buttons = isCall ? [["ReasonGiven", "Reason given"], ["NoAnswer", "No answer"], ["MessageLeft", "Message left"]] : [["Done", "Done"]];
  const form = li.querySelector("form");
  li.querySelector(".buttons").replaceChildren(...buttons.map(([value, text]) => {
    const button = document.createElement("button");
    button.type = "submit";
    button.value = value;
    button.textContent = text;
    return button;
  }));
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const f = form.elements;
    const verb = isCall ? "calls" : "done";
    const body = isCall
      ? { outcome: event.submitter.value, code: f.code.value.trim() || null, note: f.note.value.trim() || null }
      : { outcome: [f.outcome.value.trim(), f.note.value.trim()].filter(Boolean).join(": "), contactMade: f.contactMade.checked };
    const response = await post(`/api/${owner}/${encodeURIComponent(task.ownerId)}/tasks/${encodeURIComponent(task.id)}/${verb}`, body);
    li.querySelector(".error").textContent = response.ok ? "" : (await response.json()).detail;
  });
  return li;
}
