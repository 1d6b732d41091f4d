// Find a pupil by name (preferred or legal) or UPN as you type. The school's roll is loaded once and searched on the
// device, so each key press costs no round trip.
// hrefOf(upn): the pupil page's address, linked from the pupil picked. The form's <div class="search"
// data-search="name"> is filled with the search's label, box, result count, results and the pupil picked.
export function pupilSearch(form, pupils, onPick, hrefOf) {
  const box = form.querySelector(".search");
  const id = `${box.dataset.search}-find`;
  box.innerHTML = `<label for="${id}">Find a pupil (name or UPN)</label><input type="search" id="${id}" autocomplete="off">
    <span class="result-count note" aria-live="polite"></span><ul class="results"></ul><p class="picked"></p>`;
  const input = form.querySelector("input[type=search]");
  const results = form.querySelector(".results");
  const count = form.querySelector(".result-count");
  const picked = form.querySelector(".picked");
  input.addEventListener("input", () => show(find(pupils(), input.value)));

  function show(found) {
    count.textContent = input.value.trim() === "" ? "" : `${found.length} pupil(s) found`;
    results.replaceChildren(...found.slice(0, 8).map(p => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.upn = p.upn;
      b.textContent = `${p.name} (${p.classId}, ${p.upn})`;
      b.addEventListener("click", () => pick(p));
      li.append(b);
      return li;
    }));
  }

  function pick(pupil) {
    results.replaceChildren();
    count.textContent = "";
    input.value = pupil.name;
    const link = Object.assign(document.createElement("a"), { href: hrefOf(pupil.upn), textContent: pupil.name });
    picked.replaceChildren(link, `, ${pupil.classId}, UPN ${pupil.upn}${pupil.legalName !== pupil.name ? ` (legal name ${pupil.legalName})` : ""}`);
    onPick(pupil);
  }
}

export function find(pupils, text) {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return pupils.filter(p => {
    const haystack = `${p.name} ${p.legalName} ${p.upn}`.toLowerCase();
    return words.every(w => haystack.includes(w));
  });
}

// A pupil to choose in a list: "Oliver Jones (T000000000002), 3B", the detail being their class or when they left.
export const pupilOption = (upn, legalName, detail) =>
  Object.assign(document.createElement("option"), { value: upn, textContent: `${legalName} (${upn}), ${detail}` });
