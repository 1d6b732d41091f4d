// Letters to a list on the office desk: who (a stage reached this week, a band, a class, a year group: where the
// choices meet), previewed with how each letter goes home; then one PDF to print, the rest by e-mail where asked.
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
$("list-template").replaceChildren(...templates.map(t => new Option(t.template.name, t.template.key)));
$("list-stage").replaceChildren(any("Any"), ...inForce.policy.stages.map(s => new Option(s.name, s.name)));
$("list-band").replaceChildren(any("Any"), ...inForce.policy.bands.map(b => new Option(`${b.name} (from ${b.minimumPercent}%)`, b.name)));
$("list-class").replaceChildren(any("Any"), ...[...new Set(pupils.map(p => p.classId))].sort().map(c => new Option(c, c)));
$("list-year").replaceChildren(any("Any"), ...[...new Set(pupils.map(p => p.yearGroup))].sort().map(y => new Option(`Year ${y}`, y)));
// A changed choice must be previewed again before anything is prepared.
$("list-letters").addEventListener("change", () => ($("list-send").disabled = true));

const request = () => ({
  template: $("list-template").value, stage: $("list-stage").value || null, band: $("list-band").value || null,
  classId: $("list-class").value || null, yearGroup: $("list-year").value || null, byEmail: $("list-email").checked,
});

$("list-letters").addEventListener("submit", async event => {
  event.preventDefault();
  const response = await post(`${base}/letters/batch/preview`, request());
  const answer = await response.json();
  $("list-send").disabled = !response.ok;
  $("list-preview").replaceChildren();
  if (!response.ok) return ($("list-result").textContent = answer.detail);
  const emailed = answer.filter(p => p.delivery === "Email").length;
  $("list-result").textContent = `${answer.length} pupil(s): ${answer.length - emailed} by post, ${emailed} by e-mail. Check the list, then prepare the letters.`;
  $("list-preview").replaceChildren(...answer.map(p => {
    const li = document.createElement("li");
    li.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, p.upn), textContent: p.name }),
      ` (${p.classId}, ${p.band}): ${p.delivery === "Email" ? "by e-mail" : "by post"}`);
    return li;
  }));
});

$("list-send").addEventListener("click", async () => {
  $("list-send").disabled = true;
  const response = await post(`${base}/letters/batch`, request());
  if (!response.ok) return ($("list-result").textContent = (await response.json()).detail);
  const printed = response.headers.get("X-Letters-Printed"), emailed = response.headers.get("X-Letters-Emailed");
  let saved = "";
  if (response.status === 200) {
    const name = /filename="?([^";]+)/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "letters.pdf";
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name });
    link.click();
    URL.revokeObjectURL(link.href);
    saved = ` ${name} downloaded to print.`;
  }
  $("list-result").textContent = `Prepared: ${printed} to print, ${emailed} sent by e-mail, each recorded on the pupil.${saved}`;
});
