// The Common Transfer File, for the office: a leaving pupil's CTF downloaded for the next school (named by its local
// authority and establishment numbers), and a joining pupil's CTF read in, with what it held said back.
import { api, download, problemNodes } from "./api.js";
import { ctfYearWords, shortDate } from "./format.js";
import { pupilOption } from "./pupil-search.js";

const $ = id => document.getElementById(id);

// base: the school's API address; say: announces a result.
export function commonTransferFile(base, say) {
  $("ctf").hidden = false;
  showPupils(base);
  $("ctf-export").addEventListener("submit", async event => {
    event.preventDefault();
    const pupil = encodeURIComponent($("ctf-pupil").value);
    say(await download(`${base}/pupils/${pupil}/ctf.xml?destLea=${$("ctf-lea").value}&destEstab=${$("ctf-estab").value}`, "ctf.xml"));
  });
  $("ctf-import").addEventListener("submit", event => read(base, event));
}

// Pupils who have left come first (theirs is the CTF usually sent), then those on roll.
export async function showPupils(base) {
  const [lines, pupils] = await Promise.all([`${base}/admission-register`, `${base}/pupils`].map(async url => (await api(url)).json()));
  const left = new Map(); // the register's lines in order: a readmission takes a pupil off this list again
  for (const l of lines) l.kind === "Deletion" ? left.set(l.upn, l) : left.delete(l.upn);
  $("ctf-pupil").replaceChildren(
    ...[...left.values()].map(l => pupilOption(l.upn, l.legalName, `left ${shortDate(l.on)}`)),
    ...pupils.filter(p => !left.has(p.upn)).map(p => pupilOption(p.upn, p.legalName, p.classId)));
}

async function read(base, event) {
  event.preventDefault();
  const response = await api(`${base}/ctf`, { method: "POST", body: await $("ctf-file").files[0].text(), headers: { "Content-Type": "application/xml" } });
  const answer = await response.json();
  if (!response.ok) return $("ctf-status").replaceChildren(...problemNodes(answer));

  const list = Object.assign(document.createElement("ul"), { className: "problems" });
  list.append(...answer.pupils.flatMap(p => p.years.map(y => Object.assign(document.createElement("li"), { textContent: yearLine(p, y) }))));
  $("ctf-status").replaceChildren(Object.assign(document.createElement("p"), { textContent: `Read from ${answer.from}: kept beside the register.` }), list);
}

function yearLine(pupil, y) {
  const check = y.marksMatchTotals ? "" : ` The marks count ${y.markedSessionsPossible} possible sessions, not ${y.sessionsPossible}: check with the previous school.`;
  return `${pupil.name}: ${ctfYearWords(y)}.${check}`;
}
