// A chart the server draws (SVG) for the width the page gives it, so its text stays readable on a phone, placed
// inline in the element (the request carries the sign-in, which an <img> could not).
import { api } from "./api.js";

export async function drawChart(element, url) {
  const response = await api(`${url}${url.includes("?") ? "&" : "?"}width=${Math.round(element.clientWidth)}`);
  const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
  element.replaceChildren(document.importNode(svg, true));
}
