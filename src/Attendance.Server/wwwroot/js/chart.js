// A chart the server draws (SVG) for the width the page gives it, so its text stays readable on a phone, placed
// inline in the element (the request carries the sign-in, which an <img> could not).
import { api } from "./api.js";

// The latest chart asked for in each element: an answer to an earlier request that arrives after it is dropped.
const latest = new WeakMap();

export async function drawChart(element, url) {
  const asked = {};
  latest.set(element, asked);
  const response = await api(`${url}${url.includes("?") ? "&" : "?"}width=${Math.round(element.clientWidth)}`);
  const text = await response.text();
  if (latest.get(element) !== asked) return;
  element.replaceChildren(document.importNode(new DOMParser().parseFromString(text, "image/svg+xml").documentElement, true));
}
