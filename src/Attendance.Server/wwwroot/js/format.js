// Dates as the pages show them: "Tuesday 10 November", from the API's yyyy-MM-dd (or the start of a session id).
export function longDate(isoDate) {
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return new Date(Date.UTC(+y, +m - 1, +d)).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

// A date in tables, where room is short: "6 Nov 2026".
export const shortDate = isoDate => new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

// A period of whole school weeks, from its first week's Monday to its last week's Sunday: "the weeks of 2 Nov 2026 to 15 Nov 2026".
export function weeksWords(firstMonday, lastMonday) {
  const sunday = new Date(`${lastMonday}T12:00:00Z`);
  sunday.setUTCDate(sunday.getUTCDate() + 6);
  return `the weeks of ${shortDate(firstMonday)} to ${shortDate(sunday.toISOString())}`;
}

// A session ("2026-11-10-AM") and a range of them ({ first, last }) in words: "Tuesday 10 November, all day".
const parts = { AM: "morning", PM: "afternoon" };
export const sessionWords = session => `${longDate(session)} ${parts[session.slice(11)]}`;
export function rangeWords({ first, last }) {
  if (first === last) return sessionWords(first);
  if (first.slice(0, 10) === last.slice(0, 10)) return `${longDate(first)}, all day`;
  return `${sessionWords(first)} to ${sessionWords(last)}`;
}

// A year at a school from a Common Transfer File: "Ash Primary (823 4001), 2026/27: 75.0%, attended 3 of 4 sessions, …".
export function ctfYearWords(y) {
  const school = y.schoolName ? `${y.schoolName} (${y.lea} ${y.estab})` : `${y.lea} ${y.estab}`;
  const attended = y.sessionsPossible ? `${percent(100 * y.sessionsAttended / y.sessionsPossible)}, ` : "";
  return `${school}, ${y.year}/${(y.year + 1) % 100}: ${attended}attended ${y.sessionsAttended} of ${y.sessionsPossible} sessions, ${y.sessionsAuthorised} authorised and ${y.sessionsUnauthorised} unauthorised absences`;
}

// Absent for the session: authorised and unauthorised, less those who came in after the register closed.
export const absent = t => t.authorisedAbsence + t.unauthorisedAbsence - t.arrivedAfterRegisterClosed;

// A percentage to one decimal place ("93.5%"); what to show when there is none yet.
export function percent(value, none = "–") {
  return value === null || value === undefined ? none : `${Number(value).toFixed(1)}%`;
}

// The session a live view shows, in words.
export function sessionLabel(state) {
  if (!state.session) return "No session yet";
  const date = longDate(state.session);
  const half = state.session.endsWith("AM") ? "morning" : "afternoon";
  return state.sessionIsToday ? `${date}, ${half} register` : `Last school session: ${date}, ${half}`;
}

// A time of day as the pages show it ("09:12"), from an instant; with seconds for "updated at".
export const time = (instant, seconds = false) =>
  new Date(instant).toLocaleTimeString("en-GB", seconds ? {} : { hour: "2-digit", minute: "2-digit" });

// A date and time in lists ("10/11/2026, 09:12"; "10 Nov 2026, 09:12" with style medium).
export const dateTime = (instant, style = "short") => new Date(instant).toLocaleString("en-GB", { dateStyle: style, timeStyle: "short" });
