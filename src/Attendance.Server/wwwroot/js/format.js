// Dates as the pages show them: "Tuesday 10 November", from the API's yyyy-MM-dd (or the start of a session id).
export function longDate(isoDate) {
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return new Date(Date.UTC(+y, +m - 1, +d)).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

// A date in tables, where room is short: "6 Nov 2026".
export const shortDate = isoDate => new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

// A session ("2026-11-10-AM") and a range of them ({ first, last }) in words: "Tuesday 10 November, all day".
const parts = { AM: "morning", PM: "afternoon" };
export const sessionWords = session => `${longDate(session)} ${parts[session.slice(11)]}`;
export function rangeWords({ first, last }) {
  if (first === last) return sessionWords(first);
  if (first.slice(0, 10) === last.slice(0, 10)) return `${longDate(first)}, all day`;
  return `${sessionWords(first)} to ${sessionWords(last)}`;
}

// An import refused whole (a problem with items): what happened, then every problem, each by its line.
export function problemNodes(answer) {
  const p = Object.assign(document.createElement("p"), { className: "error", textContent: `${answer.title}. ${(answer.items ?? []).length} problem(s); nothing was imported:` });
  const list = Object.assign(document.createElement("ul"), { className: "problems" });
  list.append(...(answer.items ?? [answer.detail]).map(text => Object.assign(document.createElement("li"), { textContent: text })));
  return [p, list];
}

// A year at a school from a Common Transfer File: "Ash Primary (823 4001), 2026/27: 75.0%, attended 3 of 4 sessions, …".
export function ctfYearWords(y) {
  const school = y.schoolName ? `${y.schoolName} (${y.lea} ${y.estab})` : `${y.lea} ${y.estab}`;
  const percent = y.sessionsPossible ? `${(100 * y.sessionsAttended / y.sessionsPossible).toFixed(1)}%, ` : "";
  return `${school}, ${y.year}/${(y.year + 1) % 100}: ${percent}attended ${y.sessionsAttended} of ${y.sessionsPossible} sessions, ${y.sessionsAuthorised} authorised and ${y.sessionsUnauthorised} unauthorised absences`;
}

// A pupil to choose in a list: "Oliver Jones (T000000000002), 3B", the detail being their class or when they left.
export const pupilOption = (upn, legalName, detail) =>
  Object.assign(document.createElement("option"), { value: upn, textContent: `${legalName} (${upn}), ${detail}` });
