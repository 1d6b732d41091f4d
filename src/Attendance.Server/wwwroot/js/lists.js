// A heading and a list of items in words, or nothing for no items: how the office's previews (roster, year end) say
// what they would change.
export function titledList(title, items, text) {
  if (items.length === 0) return [];
  const h = document.createElement("h3");
  h.textContent = title;
  const ul = document.createElement("ul");
  ul.append(...items.map(item => Object.assign(document.createElement("li"), { textContent: text(item) })));
  return [h, ul];
}
