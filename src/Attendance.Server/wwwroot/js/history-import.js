// The year's marks from the school's previous system, for the office: the file is checked as it is sent (every
// refused line listed), then imported as a job whose progress is shown and announced until it is done.
import { api, problemNodes } from "./api.js";

const $ = id => document.getElementById(id);
const number = n => n.toLocaleString("en-GB");

// base: the school's API address.
export function historyImport(base) {
  $("history-panel").hidden = false;
  $("history").addEventListener("submit", event => send(base, event));
}

async function send(base, event) {
  event.preventDefault();
  const button = $("history").querySelector("button");
  button.disabled = true;
  status(`Checking ${$("history-file").files[0].name}…`);
  const response = await api(`${base}/history/jobs`, { method: "POST", body: await $("history-file").files[0].text(), headers: { "Content-Type": "text/csv" } });
  const answer = await response.json();
  if (!response.ok) {
    $("history-status").replaceChildren(...problemNodes(answer));
    button.disabled = false;
    return;
  }

  const mapped = Object.entries(answer.file.mapped).map(([from, count]) => `${from}: ${number(count)}`).join(", ");
  const checked = `Checked: ${number(answer.file.rows)} sessions for ${number(answer.file.pupils)} pupils${mapped ? ` (old codes mapped: ${mapped})` : ""}.`;
  let job = answer.job;
  $("history-progress").max = job.pupils;
  while (job.status === "Running") {
    $("history-progress").value = job.pupilsDone;
    status(`${checked} Importing: ${number(job.pupilsDone)} of ${number(job.pupils)} pupils done.`);
    await new Promise(resolve => setTimeout(resolve, 500));
    job = await (await api(response.headers.get("Location"))).json();
  }

  $("history-progress").value = job.pupilsDone;
  status(job.status === "Done"
    ? `${checked} Imported ${number(job.imported)} sessions; ${number(job.alreadyInRegister)} were already in the register.`
    : job.error);
  button.disabled = false;
}

function status(text) {
  $("history-status").textContent = text;
}
