// Dates as the pages show them: "Tuesday 10 November", from the API's yyyy-MM-dd (or the start of a session id).
export function longDate(isoDate) {
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return new Date(Date.UTC(+y, +m - 1, +d)).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}
