// Letters and messages to a list on the office desk: who (a stage reached this week, a band, the local authority's
// list, a class, a year group: where the choices meet, or a list saved before), previewed with how each reaches home;
// then a letter (one PDF to print, the rest by e-mail where asked) or a message (by e-mail, else by text).
import { signedIn } from "./auth.js";
import { api, post } from "./api.js";
import { pupilHref, schoolOf } from "./nav.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
$("list-letters-panel").hidden = !user.may.includes("FollowUp");

const [templates, inForce, pupils] = await Promise.all([`${base}/letters/templates`, `${base}/policy`, `${base}/pupils`].map(async url => (await api(url)).json()));
const any = label => new Option(label, "");
const criteria = { stage: "list-stage", band: "list-band", measure: "list-measure", classId: "list-class", yearGroup: "list-year" };
$("list-template").replaceChildren(...templates.map(t => new Option(t.template.name, t.template.key)));
$("list-stage").replaceChildren(any("Any"), ...inForce.policy.stages.map(s => new Option(s.name, s.name)));
$("list-band").replaceChildren(any("Any"), ...inForce.policy.bands.map(b => new Option(`${b.name} (from ${b.minimumPercent}%)`, b.name)));
$("list-class").replaceChildren(any("Any"), ...[...new Set(pupils.map(p => p.classId))].sort().map(c => new Option(c, c)));
$("list-year").replaceChildren(any("Any"), ...[...new Set(pupils.map(p => p.yearGroup))].sort().map(y => new Option(`Year ${y}`, y)));
let saved = [];
await showSaved();

const message = () => $("list-letters").elements.kind.value === "message";
// A changed choice must be previewed again before anything is sent.
$("list-letters").addEventListener("change", event => {
  $("list-send").disabled = true;
  if (event.target.name === "kind") {
    $("list-letter-fields").hidden = message();
    $("list-message-fields").hidden = !message();
    $("list-send").textContent = message() ? "Send the message" : "Prepare the letters";
  }
  if (Object.values(criteria).includes(event.target.id)) $("list-saved").value = ""; // no longer the saved list's choices
  if (event.target.id === "list-saved") {
    const list = saved.find(l => l.name === $("list-saved").value);
    for (const [key, id] of Object.entries(criteria)) $(id).value = list?.criteria[key] ?? "";
    $("list-name").value = list?.name ?? "";
  }
  $("list-remove").disabled = !$("list-saved").value;
});

const request = () => ({
  ...Object.fromEntries(Object.entries(criteria).map(([key, id]) => [key, $(id).value || null])),
  template: $("list-template").value, byEmail: $("list-email").checked, message: message() ? $("list-message").value : null,
});

$("list-letters").addEventListener("submit", async event => {
  event.preventDefault();
  const response = await post(`${base}/letters/batch/preview`, request());
  const answer = await response.json();
  $("list-send").disabled = !response.ok;
  $("list-preview").replaceChildren();
  if (!response.ok) return ($("list-result").textContent = answer.detail);
  const how = p => message() ? { Email: "by e-mail", Sms: "by text" }[p.messageBy] ?? "no e-mail address or phone number: call or write" : p.delivery === "Email" ? "by e-mail" : "by post";
  const count = test => answer.filter(test).length;
  $("list-result").textContent = message()
    ? `${answer.length} pupil(s): ${count(p => p.messageBy === "Sms")} by text, ${count(p => p.messageBy === "Email")} by e-mail, ${count(p => !p.messageBy)} with no e-mail address or phone number. Check the list, then send the message.`
    : `${answer.length} pupil(s): ${count(p => p.delivery === "Post")} by post, ${count(p => p.delivery === "Email")} by e-mail. Check the list, then prepare the letters.`;
  $("list-preview").replaceChildren(...answer.map(p => {
    const li = document.createElement("li");
    li.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, p.upn), textContent: p.name }), ` (${p.classId}, ${p.band}): ${how(p)}`);
    return li;
  }));
});

$("list-send").addEventListener("click", async () => {
  $("list-send").disabled = true;
  if (message()) {
    const response = await post(`${base}/messages/batch`, request());
    const answer = await response.json();
    if (!response.ok) return ($("list-result").textContent = answer.detail);
    const missed = answer.noContact.length ? ` No e-mail address or phone number for ${answer.noContact.join(", ")}.` : "";
    return ($("list-result").textContent = `Sent: ${answer.texted} by text, ${answer.emailed} by e-mail, each kept with the pupil's messages home.${missed}`);
  }
  const response = await post(`${base}/letters/batch`, request());
  if (!response.ok) return ($("list-result").textContent = (await response.json()).detail);
  const printed = response.headers.get("X-Letters-Printed"), emailed = response.headers.get("X-Letters-Emailed");
  let file = "";
  if (response.status === 200) {
    const name = /filename="?([^";]+)/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "letters.pdf";
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name });
    link.click();
    URL.revokeObjectURL(link.href);
    file = ` ${name} downloaded to print.`;
  }
  $("list-result").textContent = `Prepared: ${printed} to print, ${emailed} sent by e-mail, each recorded on the pupil.${file}`;
});

$("list-save").addEventListener("click", async () => {
  const name = $("list-name").value.trim();
  const body = Object.fromEntries(Object.entries(criteria).map(([key, id]) => [key, $(id).value || null]));
  const response = await api(`${base}/letters/lists/${encodeURIComponent(name)}`, { method: "PUT", body: JSON.stringify(body) });
  $("list-result").textContent = response.ok ? `Saved as "${name}".` : (await response.json()).detail;
  if (response.ok) await showSaved(name);
});

$("list-remove").addEventListener("click", async () => {
  const name = $("list-saved").value;
  const response = await api(`${base}/letters/lists/${encodeURIComponent(name)}`, { method: "DELETE" });
  $("list-result").textContent = response.ok ? `"${name}" removed.` : (await response.json()).detail;
  if (response.ok) await showSaved();
});

async function showSaved(chosen = "") {
  saved = await (await api(`${base}/letters/lists`)).json();
  $("list-saved").replaceChildren(any("None: the choices below"), ...saved.map(l => new Option(l.name, l.name)));
  $("list-saved").value = chosen;
  $("list-remove").disabled = !chosen;
}
