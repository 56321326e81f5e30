// Inline codes in translations (⟦1⟧…⟦/1⟧ around a run, ⟦2/⟧ alone) are
// protected: each row shows the codes of its translation as chips beside
// it; a code of the saved translation that the text lost is marked and put
// back at the cursor with a click; Backspace and Delete remove a code
// whole, never half of one.
(() => {
  "use strict";

  const help = document.getElementById("placeholder-help");
  const rowsEl = document.getElementById("rows");
  if (!help || !rowsEl) return;
  const TOKEN = /⟦\/?[A-Za-z0-9._:-]{1,32}\/?⟧/g;
  const codes = (s) => s.match(TOKEN) || [];
  const label = (c) => c.slice(1, -1);

  function chip(code, kind) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "ph-chip" + (kind ? " " + kind : "");
    b.textContent = label(code);
    b.dataset.code = code;
    if (kind) b.title = help.dataset[kind];
    return b;
  }

  function render(area) {
    const row = area.closest(".row");
    if (!row) return;
    let bar = row.querySelector(".ph-chips");
    const saved = codes(area.defaultValue);
    const have = codes(area.value);
    if (!saved.length && !have.length) {
      if (bar) bar.hidden = true;
      return;
    }
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "ph-chips";
      row.querySelector(".side").append(bar);
    }
    bar.hidden = false;
    const left = have.slice();
    const chips = saved.map((c) => {
      const i = left.indexOf(c);
      if (i < 0) return chip(c, "missing");
      left.splice(i, 1);
      return chip(c, "");
    });
    bar.replaceChildren(...chips, ...left.map((c) => chip(c, "extra")));
  }

  // changed tells the editor the text changed, so it is kept and saved.
  function changed(area) {
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  rowsEl.querySelectorAll("textarea.tgt").forEach(render);
  rowsEl.addEventListener("input", (e) => {
    if (e.target.matches("textarea.tgt")) render(e.target);
  });
  rowsEl.addEventListener("click", (e) => {
    const b = e.target.closest(".ph-chip.missing");
    if (!b) return;
    const area = b.closest(".row").querySelector("textarea.tgt");
    if (area.readOnly) return;
    const at = area.selectionStart ?? area.value.length;
    area.value = area.value.slice(0, at) + b.dataset.code + area.value.slice(area.selectionEnd ?? at);
    area.focus();
    area.setSelectionRange(at + b.dataset.code.length, at + b.dataset.code.length);
    changed(area);
  });
  rowsEl.addEventListener("keydown", (e) => {
    const area = e.target;
    if (!area.matches || !area.matches("textarea.tgt") || area.readOnly) return;
    if ((e.key !== "Backspace" && e.key !== "Delete") || area.selectionStart !== area.selectionEnd) return;
    const at = area.selectionStart, v = area.value;
    let from = -1, to = -1;
    for (const m of v.matchAll(TOKEN)) {
      const s = m.index, end = m.index + m[0].length;
      // The cursor inside a code, or at its edge in the direction of the key.
      if ((e.key === "Backspace" && at > s && at <= end) || (e.key === "Delete" && at >= s && at < end)) {
        from = s;
        to = end;
        break;
      }
    }
    if (from < 0) return;
    e.preventDefault();
    area.value = v.slice(0, from) + v.slice(to);
    area.setSelectionRange(from, from);
    changed(area);
  });
})();
