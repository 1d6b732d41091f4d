// A school's year so far for leaders: attendance by group (a chart for the chosen grouping), week by week against
// last year and the trust's national reference, the reasons for absence, and the pupils heading for a worse band.
// The server draws each chart (SVG) and the page shows the same figures in a table under it; each chart downloads
// as SVG or PNG and each table as CSV. Groups too small to show outside the school say so instead of a figure.
import { signedIn } from "./auth.js";
import { api, download } from "./api.js";
import { pupilHref, schoolOf, showNav } from "./nav.js";
import { percent, shortDate } from "./format.js";
import { drawChart as draw } from "./chart.js";
import { groupRow } from "./groups.js";

const $ = id => document.getElementById(id);
const user = await signedIn();
showNav(user);
const schoolId = schoolOf(user);
const base = `/api/schools/${encodeURIComponent(schoolId)}`;
const view = await (await api(`${base}/analytics`)).json();
const figure = value => percent(value, "no figure");
const dimensions = [...new Set(view.groups.map(g => g.dimension))].filter(d => d !== "School");
const cell = text => Object.assign(document.createElement("td"), { textContent: text });

$("school-name").textContent = `Attendance this year: ${view.schoolName}`;
$("dimension").replaceChildren(...dimensions.map(d => Object.assign(document.createElement("option"), { value: d, textContent: d })));
$("dimension").addEventListener("change", showGroups);
$("download-csv").addEventListener("click", () => save(`${base}/analytics.csv`, "attendance-by-group.csv"));
$("download-svg").addEventListener("click", () => save(groupsChart(), `attendance-by-${$("dimension").value.toLowerCase().replaceAll(" ", "-")}.svg`));
$("trend-svg").addEventListener("click", () => save(`${base}/analytics/trend.svg`, "attendance-by-week.svg"));
$("trend-csv").addEventListener("click", () => save(`${base}/analytics/trend.csv`, "attendance-by-week.csv"));
$("reasons-svg").addEventListener("click", () => save(`${base}/analytics/reasons.svg`, "absence-by-reason.svg"));
$("reasons-csv").addEventListener("click", () => save(`${base}/analytics/reasons.csv`, "absence-by-reason.csv"));
for (const button of document.querySelectorAll("button[data-chart]")) button.addEventListener("click", () => png(button.dataset.chart, button.dataset.name));

await Promise.all([showGroups(), drawChart("trend-chart", `${base}/analytics/trend.svg`), drawChart("reasons-chart", `${base}/analytics/reasons.svg`)]);
showTrend();
showReasons();
showHeading();

function groupsChart() {
  return `${base}/analytics.svg?dimension=${encodeURIComponent($("dimension").value)}`;
}

function drawChart(id, url) {
  return draw($(id), url);
}

// The table straight from the figures the page has, then the chart: a slow chart for an earlier choice cannot
// overwrite a later one (seen under load: the first grouping's table drawn over the one chosen since).
async function showGroups() {
  const dimension = $("dimension").value;
  const school = view.groups.find(g => g.dimension === "School");
  const groups = [school, ...view.groups.filter(g => g.dimension === dimension)];
  $("table-caption").textContent = `Attendance by ${dimension.toLowerCase()} this year, to ${shortDate(view.on)}`;
  $("groups").replaceChildren(...groups.map(g => groupRow(g, view.minimumGroupSize)));
  const hidden = groups.filter(g => g.suppressed).length;
  $("suppressed-note").hidden = hidden === 0;
  $("suppressed-note").textContent = `${hidden} group(s) with fewer than ${view.minimumGroupSize} pupils are not shown outside the school, so that no pupil can be identified.`;
  $("announce").textContent = `Showing attendance by ${dimension.toLowerCase()}.`;
  await drawChart("chart", groupsChart());
}

function showTrend() {
  const national = view.national ? ` National reference (${view.national.label}): ${figure(view.national.attendancePercent)}.` : "";
  $("trend-caption").textContent = `Attendance each week.${national}`;
  $("weeks").replaceChildren(...view.trend.map(w => {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: shortDate(w.monday) }), cell(figure(w.thisYear)), cell(figure(w.lastYear)));
    return tr;
  }));
}

function showReasons() {
  $("reasons").replaceChildren(...view.reasons.map(r => {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: `${r.code}: ${r.description}` }),
      cell(r.category === "AuthorisedAbsence" ? "Authorised" : "Unauthorised"), cell(r.sessions), cell(figure(r.percentOfAbsence)));
    return tr;
  }));
}

function showHeading() {
  $("heading-count").textContent = view.heading.length;
  if (view.heading.length === 0) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(cell("No pupil is heading for a worse band."), { colSpan: 3, className: "note" }));
    return $("heading").replaceChildren(tr);
  }

  $("heading").replaceChildren(...view.heading.map(h => {
    const tr = document.createElement("tr");
    const th = Object.assign(document.createElement("th"), { scope: "row" });
    th.append(Object.assign(document.createElement("a"), { href: pupilHref(schoolId, h.upn), textContent: h.name }),
      Object.assign(document.createElement("span"), { className: "upn", textContent: `${h.upn}, ${h.classId}` }));
    tr.append(th, cell(`${figure(h.currentPercent)} (${h.currentBand})`), cell(`${figure(h.projectedPercent)} (${h.projectedBand})`));
    return tr;
  }));
}

async function save(url, fallbackName) {
  $("announce").textContent = await download(url, fallbackName);
}

// The chart on the page as a PNG: drawn onto a canvas at twice its size (sharp on a slide) from its own SVG.
async function png(id, name) {
  const svg = $(id).querySelector("svg");
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
  await image.decode();
  const canvas = Object.assign(document.createElement("canvas"), { width: svg.width.baseVal.value * 2, height: svg.height.baseVal.value * 2 });
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise(resolve => canvas.toBlob(resolve, "image/png"));
  Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: `${name}.png` }).click();
  $("announce").textContent = `${name}.png downloaded.`;
}
