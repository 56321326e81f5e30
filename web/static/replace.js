// Find and replace in the target column of the document: a preview of
// every change (each can be left out), then one revision per changed
// segment, and an undo of the whole batch.
(() => {
  "use strict";

  const el = document.getElementById("replace-data");
  const dlg = document.getElementById("replace");
  if (!el || !dlg) return;
  const data = JSON.parse(el.textContent);
  const msgs = data.msgs;
  const lang = document.documentElement.lang;
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const t = (id, vars) => (msgs[id] || id).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  const tn = (id, n) => (msgs[id + "." + plurals.select(n)] || msgs[id + ".other"] || id).replace("{Count}", numbers.format(n));

  const form = document.getElementById("replace-form");
  const find = document.getElementById("replace-find");
  const repl = document.getElementById("replace-with");
  const word = document.getElementById("replace-word");
  const cased = document.getElementById("replace-case");
  const apply = document.getElementById("replace-apply");
  const list = document.getElementById("replace-changes");
  const summary = document.getElementById("replace-summary");
  const done = document.getElementById("replace-done");
  const doneText = document.getElementById("replace-done-text");
  const undo = document.getElementById("replace-undo");
  const base = "/api/documents/" + data.doc + "/replace/" + encodeURIComponent(data.lang);

  let shown = null; // the query of the preview shown
  let batch = 0;

  async function post(url, body) {
    let res, out;
    try {
      res = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      out = await res.json().catch(() => ({}));
    } catch (e) {
      return { ok: false, error: t("Offline") };
    }
    return res.ok ? { ok: true, out } : { ok: false, error: out.error || res.statusText };
  }

  const query = () => ({ find: find.value, replacement: repl.value, whole_word: word.checked, match_case: cased.checked });

  // marked shows text with the part that differs from other wrapped in tag.
  function marked(text, other, tag) {
    let a = 0;
    while (a < text.length && a < other.length && text[a] === other[a]) a++;
    let z = 0;
    while (z < text.length - a && z < other.length - a && text[text.length - 1 - z] === other[other.length - 1 - z]) z++;
    // Whole words read better than the letters that differ; the prefix and
    // suffix are common to both texts, so both widen alike.
    const letter = /[\p{L}\p{N}]/u;
    while (a > 0 && letter.test(text[a - 1])) a--;
    while (z > 0 && letter.test(text[text.length - z])) z--;
    const span = document.createElement("span");
    span.lang = data.lang;
    const mid = document.createElement(tag);
    mid.textContent = text.slice(a, text.length - z);
    span.append(text.slice(0, a), mid, text.slice(text.length - z));
    return span;
  }

  function open() {
    const sel = window.getSelection();
    const picked = sel && !sel.isCollapsed ? sel.toString().trim() : "";
    const ta = document.activeElement;
    const inTarget = ta && ta.matches && ta.matches("textarea.tgt") && ta.selectionStart !== ta.selectionEnd;
    if (inTarget) find.value = ta.value.slice(ta.selectionStart, ta.selectionEnd);
    else if (picked && picked.length <= 200) find.value = picked;
    dlg.showModal();
    find.focus();
    find.select();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = query();
    const res = await post(base + "/preview", q);
    list.replaceChildren();
    apply.disabled = true;
    if (!res.ok) {
      summary.textContent = res.error;
      return;
    }
    shown = q;
    const changes = res.out.changes;
    if (!changes.length) {
      summary.textContent = t("ReplaceNone");
      return;
    }
    summary.textContent = tn("ReplaceMatches", res.out.matches) + " · " + tn("SegmentCount", changes.length);
    for (const c of changes) {
      const li = document.createElement("li");
      li.className = "replace-change";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.segment = String(c.segment_id);
      box.dataset.version = String(c.version);
      const label = document.createElement("label");
      const num = document.createElement("span");
      num.className = "pos";
      num.textContent = "#" + c.position;
      label.append(box, " ", num);
      const before = document.createElement("p");
      before.className = "before";
      before.append(marked(c.before, c.after, "del"));
      const after = document.createElement("p");
      after.className = "after";
      after.append(marked(c.after, c.before, "ins"));
      li.append(label, before, after);
      list.append(li);
    }
    apply.disabled = false;
  });

  // The preview is of one query; changing it asks for a new preview.
  for (const input of [find, repl, word, cased]) {
    input.addEventListener("input", () => {
      apply.disabled = true;
    });
  }

  apply.addEventListener("click", async () => {
    if (!shown) return;
    const segments = {};
    for (const box of list.querySelectorAll("input[type=checkbox]:checked")) segments[box.dataset.segment] = Number(box.dataset.version);
    if (!Object.keys(segments).length) return;
    apply.disabled = true;
    const res = await post(base, Object.assign({ segments }, shown));
    if (!res.ok) {
      summary.textContent = res.error;
      return;
    }
    batch = res.out.batch;
    dlg.close();
    list.replaceChildren();
    summary.textContent = "";
    doneText.textContent = t("ReplaceDone", { Segments: numbers.format(res.out.changed.length), Find: shown.find });
    undo.hidden = false;
    done.hidden = false;
  });

  undo.addEventListener("click", async () => {
    if (!batch) return;
    undo.hidden = true;
    const res = await post(base + "/" + batch + "/undo", {});
    if (!res.ok) {
      doneText.textContent = res.error;
      return;
    }
    batch = 0;
    doneText.textContent = t("ReplaceUndone", {
      Restored: numbers.format(res.out.restored.length),
      Kept: numbers.format(res.out.kept.length),
    });
  });

  document.getElementById("replace-close").addEventListener("click", () => dlg.close());
  document.getElementById("replace-open").addEventListener("click", open);
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey && !e.altKey && !e.shiftKey && (e.key === "h" || e.key === "H")) {
      if (document.querySelector("dialog[open]")) return;
      e.preventDefault();
      open();
    }
  });
})();
