// Attendance by group for leaders: a chart drawn by the server (SVG) for the chosen grouping, the same figures in a
// table, and both to download. Groups too small to show outside the school say so instead of a figure.
import { api, download, schoolOf, signedIn } from "./session.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
const view = await (await api(`${base}/analytics`)).json();
const percent = value => value === null ? "no sessions yet" : `${value.toFixed(1)}%`;
const dimensions = [...new Set(view.groups.map(g => g.dimension))].filter(d => d !== "School");

$("school-name").textContent = `Attendance by group: ${view.schoolName}`;
$("dimension").replaceChildren(...dimensions.map(d => Object.assign(document.createElement("option"), { value: d, textContent: d })));
$("dimension").addEventListener("change", show);
$("download-csv").addEventListener("click", () => save(`${base}/analytics.csv`, "attendance-by-group.csv"));
$("download-svg").addEventListener("click", () => save(
  `${base}/analytics.svg?dimension=${encodeURIComponent($("dimension").value)}`, `attendance-by-${$("dimension").value.toLowerCase().replaceAll(" ", "-")}.svg`));
await show();

async function show() {
  const dimension = $("dimension").value;
  const response = await api(`${base}/analytics.svg?dimension=${encodeURIComponent(dimension)}&width=${Math.round($("chart").clientWidth)}`);
  const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
  $("chart").replaceChildren(document.importNode(svg, true));
  const school = view.groups.find(g => g.dimension === "School");
  const groups = [school, ...view.groups.filter(g => g.dimension === dimension)];
  $("table-caption").textContent = `Attendance by ${dimension.toLowerCase()} this year, to ${new Date(`${view.on}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}`;
  $("groups").replaceChildren(...groups.map(row));
  const hidden = groups.filter(g => g.suppressed).length;
  $("suppressed-note").hidden = hidden === 0;
  $("suppressed-note").textContent = `${hidden} group(s) with fewer than ${view.minimumGroupSize} pupils are not shown outside the school, so that no pupil can be identified.`;
  $("announce").textContent = `Showing attendance by ${dimension.toLowerCase()}.`;
}

function row(g) {
  const tr = document.createElement("tr");
  const th = Object.assign(document.createElement("th"), { scope: "row", textContent: g.group });
  const cells = g.suppressed
    ? [`fewer than ${view.minimumGroupSize}`, "not shown", "not shown", "not shown"]
    : [g.pupils, percent(g.attendancePercent), `${g.persistentlyAbsent} (${percent(g.persistentAbsencePercent)})`, `${g.severelyAbsent} (${percent(g.severeAbsencePercent)})`];
  tr.append(th, ...cells.map(text => Object.assign(document.createElement("td"), { textContent: text })));
  return tr;
}

async function save(url, fallbackName) {
  $("announce").textContent = await download(url, fallbackName);
}
