// A group's line in a figures table (this year's or a period's): a group too small to show outside the school says so
// instead of a figure.
import { percent } from "./format.js";

const figure = value => percent(value, "no figure");
const cell = text => Object.assign(document.createElement("td"), { textContent: text });

export function groupRow(g, minimumGroupSize) {
  const tr = document.createElement("tr");
  const th = Object.assign(document.createElement("th"), { scope: "row", textContent: g.group });
  const cells = g.suppressed
    ? [`fewer than ${minimumGroupSize}`, "not shown", "not shown", "not shown"]
    : [g.pupils, figure(g.attendancePercent), `${g.persistentlyAbsent} (${figure(g.persistentAbsencePercent)})`, `${g.severelyAbsent} (${figure(g.severeAbsencePercent)})`];
  tr.append(th, ...cells.map(cell));
  return tr;
}
