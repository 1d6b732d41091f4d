// The trust's table of its schools this year (a past year, or any dates): each measure from the school's roll-up,
// sortable by any column (the heading's button; the order is announced), with the national reference the trust
// enters as the table's foot. A period has no authorised split nor heading figures: those cells say "–".
import { api, download } from "./api.js";
import { percent, weeksWords } from "./format.js";

const $ = id => document.getElementById(id);
const columns = ["pupils", "attendancePercent", "persistentAbsencePercent", "severeAbsencePercent", "authorisedAbsencePercent", "unauthorisedAbsencePercent", "headingForWorseBand"];
// shown and query: what the table shows now (the CSV and a reload ask for the same, never dates typed but not shown).
let view, sort = { key: "schoolName", ascending: true }, shown = null, query = "";

// This academic year (1 August to 31 July) and the two before it, as schools write them: 2025/26.
const thisYear = (d => d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1)(new Date());
const yearName = start => `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
const chosenQuery = chosen => chosen === "dates" ? `?from=${encodeURIComponent($("year-from").value)}&to=${encodeURIComponent($("year-to").value)}`
  : chosen ? `?year=${encodeURIComponent(chosen)}` : "";

// trustLeader: may enter the national reference.
export async function showTrustYear(trustLeader) {
  for (const button of document.querySelectorAll("#year-table button[data-sort]")) {
    button.addEventListener("click", () => {
      sort = { key: button.dataset.sort, ascending: sort.key === button.dataset.sort ? !sort.ascending : true };
      render();
      $("announce").textContent = `Schools sorted by ${button.textContent.toLowerCase()}, ${sort.ascending ? "lowest" : "highest"} first.`;
    });
  }

  $("year-csv").addEventListener("click", async () => { $("announce").textContent = await download(`/api/trust/analytics.csv${query}`, "schools.csv"); });
  $("year-shown").replaceChildren(...[0, 1, 2].map(back => new Option(back === 0 ? `${yearName(thisYear)} (this year so far)` : yearName(thisYear - back), back === 0 ? "" : yearName(thisYear - back))),
    new Option("Dates chosen", "dates"));
  $("year-shown").addEventListener("change", () => { $("year-dates").hidden = $("year-shown").value !== "dates"; });
  $("year-choice").addEventListener("submit", async event => {
    event.preventDefault();
    const chosen = $("year-shown").value || null;
    if (await load(chosen, chosenQuery(chosen))) $("announce").textContent = `Showing ${view.firstWeek ? weeksWords(view.firstWeek, view.lastWeek) : shown ?? "this year so far"}.`;
  });
  if (trustLeader) {
    $("national-form").hidden = false;
    $("national-form").addEventListener("submit", saveNational);
  }

  await load();
}

// The table for the year or dates chosen (what is shown, when none); false, and the server's words announced, when
// they are refused: the table, and what the CSV asks for, stay as they were.
async function load(chosen = shown, asked = query) {
  const response = await api(`/api/trust/analytics${asked}`);
  const answer = await response.json();
  if (!response.ok) {
    $("announce").textContent = answer.detail;
    return false;
  }
  [view, shown, query] = [answer, chosen, asked];
  const period = view.firstWeek && weeksWords(view.firstWeek, view.lastWeek);
  $("year-title").textContent = period ? `${period[0].toUpperCase()}${period.slice(1)}` : shown ? `${shown}, as it ended` : "This year so far";
  $("year-caption").textContent = period ? `Schools in ${period}` : shown ? `Schools in ${shown}` : "Schools this year";
  if (view.national) {
    $("national-label").value = view.national.label;
    $("national-attendance").value = view.national.attendancePercent;
    $("national-persistent").value = view.national.persistentAbsencePercent ?? "";
  }

  render();
  return true;
}

function render() {
  const value = s => sort.key === "schoolName" ? s.schoolName : s[sort.key] ?? -1;
  const rows = [...view.schools].sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (sort.ascending ? 1 : -1));
  for (const th of document.querySelectorAll("#year-table thead th")) {
    th.setAttribute("aria-sort", th.querySelector("button").dataset.sort === sort.key ? (sort.ascending ? "ascending" : "descending") : "none");
  }

  $("year").replaceChildren(...rows.map(s => {
    const tr = document.createElement("tr");
    const th = Object.assign(document.createElement("th"), { scope: "row" });
    th.append(Object.assign(document.createElement("a"), { href: `analytics.html?school=${encodeURIComponent(s.schoolId)}`, textContent: s.schoolName }));
    tr.append(th, ...columns.map(key => Object.assign(document.createElement("td"), { textContent: key === "pupils" || key === "headingForWorseBand" ? s[key] ?? "–" : percent(s[key]) })));
    return tr;
  }));
  const n = view.national;
  $("national").replaceChildren();
  if (n) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: n.label }),
      ...["", percent(n.attendancePercent), percent(n.persistentAbsencePercent), "", "", "", ""].map(text => Object.assign(document.createElement("td"), { textContent: text })));
    $("national").append(tr);
  }
}

async function saveNational(event) {
  event.preventDefault();
  const body = { label: $("national-label").value, attendancePercent: Number($("national-attendance").value) };
  if ($("national-persistent").value !== "") body.persistentAbsencePercent = Number($("national-persistent").value);
  const response = await api("/api/trust/national-reference", { method: "PUT", body: JSON.stringify(body) });
  $("national-result").textContent = response.ok ? "Saved: the charts and this table now compare with it." : `Not saved: ${(await response.json()).detail}`;
  if (response.ok) await load();
}
