// The glossary in the editor: equivalents of the marked source terms on
// hover or focus, a panel with the current segment's terms, insertion at
// the cursor (click, or Alt+1…9), adding a concept from a selected source
// string, and the terminology warnings of a row after it is saved.
(() => {
  "use strict";

  const el = document.getElementById("glossary-data");
  if (!el) return;
  const data = JSON.parse(el.textContent);
  const msgs = data.msgs;
  const concepts = data.concepts || {};
  const rowsEl = document.getElementById("rows");
  const list = document.getElementById("term-list");
  const none = document.getElementById("term-none");
  const tip = document.getElementById("term-tip");
  const notice = document.getElementById("notice");

  const t = (id, vars) =>
    (msgs[id] || id).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  const statusLabel = (st) => t(st.charAt(0).toUpperCase() + st.slice(1));
  const area = (row) => row.querySelector("textarea.tgt");
  const conceptsOf = (mark) => (mark.dataset.concepts || "").split(" ").filter((id) => concepts[id]);

  let current = null; // the row the translator works on
  let offered = []; // equivalents numbered in the panel, for Alt+1…9
  let selected = ""; // the last source text selected in a row

  // insert puts text at the cursor of row's target (replacing a selection)
  // and tells the editor the text changed, so it is remembered and saved.
  function insert(row, text) {
    const ta = area(row);
    if (!ta || ta.readOnly) return;
    const start = ta.selectionStart ?? ta.value.length;
    const end = ta.selectionEnd ?? start;
    ta.focus();
    ta.setRangeText(text, start, end, "end");
    ta.dispatchEvent(new Event("input", { bubbles: true }));
    notice.textContent = t("InsertTerm", { Term: text });
  }

  // equivalentButton is one equivalent: a button that inserts it, or, for
  // a forbidden one, a warning that is not offered.
  function equivalentItem(row, eq, n) {
    const li = document.createElement("li");
    li.className = "eq st-" + eq.status;
    if (eq.status === "forbidden") {
      const s = document.createElement("del");
      s.textContent = eq.text;
      s.lang = data.lang;
      li.append(s, " ", badge(eq.status));
      return li;
    }
    const b = document.createElement("button");
    b.type = "button";
    b.className = "link insert";
    b.lang = data.lang;
    b.textContent = eq.text;
    b.dataset.text = eq.text;
    if (n) {
      b.setAttribute("aria-keyshortcuts", "Alt+" + n);
      const k = document.createElement("kbd");
      k.textContent = String(n);
      li.append(k, " ");
    }
    b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the cursor in the target
    b.addEventListener("click", () => insert(row, eq.text));
    li.append(b, " ", badge(eq.status));
    if (eq.note) {
      const note = document.createElement("span");
      note.className = "help";
      note.textContent = " — " + eq.note;
      li.append(note);
    }
    return li;
  }

  function badge(status) {
    const s = document.createElement("span");
    s.className = "badge";
    s.textContent = statusLabel(status);
    return s;
  }

  function conceptBlock(row, id, numbered) {
    const c = concepts[id];
    const li = document.createElement("li");
    const head = document.createElement("span");
    head.className = "src-term";
    head.lang = "zh-Hans";
    head.textContent = c.source;
    const ul = document.createElement("ul");
    if (!c.eq.length) {
      const p = document.createElement("li");
      p.className = "empty";
      p.textContent = t("NoEquivalent");
      ul.append(p);
    }
    for (const eq of c.eq) {
      let n = 0;
      if (numbered && eq.status !== "forbidden" && offered.length < 9) {
        offered.push(eq.text);
        n = offered.length;
      }
      ul.append(equivalentItem(row, eq, n));
    }
    li.append(head, ul);
    return li;
  }

  // showPanel lists the terms of row's source, numbering the equivalents.
  function showPanel(row) {
    current = row;
    offered = [];
    list.replaceChildren();
    const seen = new Set();
    for (const mark of row.querySelectorAll("mark.term")) {
      for (const id of conceptsOf(mark)) {
        if (seen.has(id)) continue;
        seen.add(id);
        list.append(conceptBlock(row, id, true));
      }
    }
    none.hidden = seen.size > 0;
  }

  // The tooltip of a marked term.
  let hideTimer = 0;
  function showTip(mark) {
    clearTimeout(hideTimer);
    const row = mark.closest(".row[data-id]");
    if (!row) return;
    const ids = conceptsOf(mark);
    if (!ids.length) return;
    const ol = document.createElement("ul");
    ol.className = "tip-list";
    for (const id of ids) ol.append(conceptBlock(row, id, false));
    tip.replaceChildren(ol);
    tip.hidden = false;
    const r = mark.getBoundingClientRect();
    tip.style.left = Math.round(window.scrollX + r.left) + "px";
    tip.style.top = Math.round(window.scrollY + r.bottom + 4) + "px";
    mark.setAttribute("aria-describedby", "term-tip");
  }
  function hideTipSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      tip.hidden = true;
    }, 400);
  }
  tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", hideTipSoon);

  rowsEl.addEventListener("mouseover", (e) => {
    const mark = e.target.closest && e.target.closest("mark.term");
    if (mark) showTip(mark);
  });
  rowsEl.addEventListener("mouseout", (e) => {
    if (e.target.closest && e.target.closest("mark.term")) hideTipSoon();
  });
  rowsEl.addEventListener("focusin", (e) => {
    const mark = e.target.closest("mark.term");
    if (mark) showTip(mark);
    const row = e.target.closest(".row[data-id]");
    if (row && row !== current) showPanel(row);
  });
  rowsEl.addEventListener("focusout", (e) => {
    if (e.target.closest("mark.term")) hideTipSoon();
  });
  // A click on a mark focuses it, so the keyboard user and the mouse user
  // see the same tooltip.
  rowsEl.addEventListener("click", (e) => {
    const mark = e.target.closest("mark.term");
    if (mark) mark.focus();
  });

  // The glossary changed, on this server or another (editor.js passes the
  // live event on): the sources of the rows are marked again as the server
  // marks them now, from the page as it is rendered now. Changes that come
  // while a page is being read are taken by one more read, and editors wait
  // a moment at random so that they do not all ask at once.
  let marking = false;
  let again = false;
  async function markAgain() {
    let page;
    try {
      const res = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!res.ok) return;
      page = new DOMParser().parseFromString(await res.text(), "text/html");
    } catch (e) {
      return;
    }
    const fresh = page.getElementById("glossary-data");
    if (fresh) Object.assign(concepts, JSON.parse(fresh.textContent).concepts || {});
    for (const src of page.querySelectorAll(".row[data-id] .src")) {
      const row = document.getElementById(src.closest(".row").id);
      const here = row && row.querySelector(".src");
      if (here && here.innerHTML !== src.innerHTML) here.innerHTML = src.innerHTML;
    }
    const active = current || (document.activeElement && document.activeElement.closest(".row[data-id]"));
    if (active) showPanel(active);
  }
  document.addEventListener("alinea:glossary", async () => {
    if (marking) {
      again = true;
      return;
    }
    marking = true;
    do {
      again = false;
      await new Promise((r) => setTimeout(r, Math.random() * 500));
      await markAgain();
    } while (again);
    marking = false;
  });

  // Remember what the translator selects in a source, for "add concept":
  // focusing the button may clear the selection before the click.
  function sourceSelection() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.anchorNode) return "";
    const node = sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement;
    return node && node.closest(".src") ? sel.toString().trim() : "";
  }
  document.addEventListener("selectionchange", () => {
    const s = sourceSelection();
    if (s) selected = s;
  });

  // Adding a concept.
  const dlg = document.getElementById("concept-dialog");
  function openAdd() {
    if (!dlg) return;
    selected = sourceSelection() || selected;
    document.getElementById("concept-zh").value = selected;
    document.getElementById("concept-eq").value = "";
    document.getElementById("concept-note").value = "";
    document.getElementById("concept-error").textContent = "";
    dlg.showModal();
    document.getElementById(selected ? "concept-eq" : "concept-zh").focus();
  }
  if (dlg) {
    document.getElementById("add-concept").addEventListener("click", openAdd);
    document.getElementById("concept-cancel").addEventListener("click", () => dlg.close());
    dlg.addEventListener("close", () => {
      if (current) area(current).focus();
    });
    document.getElementById("concept-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const zh = document.getElementById("concept-zh").value.trim();
      const eq = document.getElementById("concept-eq").value.trim();
      const note = document.getElementById("concept-note").value.trim();
      const err = document.getElementById("concept-error");
      if (!zh) {
        err.textContent = t("NeedSource");
        return;
      }
      const terms = [{ lang: "zh", text: zh, status: "preferred" }];
      if (eq) terms.push({ lang: data.lang, text: eq, status: "preferred" });
      let res, out;
      try {
        res = await fetch("/api/glossary/concepts", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ terms, note }),
        });
        out = await res.json().catch(() => ({}));
      } catch (x) {
        err.textContent = t("Offline");
        return;
      }
      if (!res.ok) {
        err.textContent = out.error || res.statusText;
        return;
      }
      concepts[String(out.id)] = {
        source: zh,
        note,
        eq: eq ? [{ text: eq, status: "preferred" }] : [],
      };
      dlg.close();
      notice.textContent = t("ConceptAdded", { Term: zh });
    });
  }

  // After a save (the row's version moves) the row's warnings are checked
  // again.
  async function recheck(row) {
    const u = "/api/documents/" + data.doc + "/termcheck?lang=" + encodeURIComponent(data.lang) + "&segment=" + row.dataset.id;
    let out;
    try {
      const res = await fetch(u, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) return;
      out = await res.json();
    } catch (x) {
      return;
    }
    const ul = row.querySelector(".term-warnings");
    if (!ul) return;
    ul.replaceChildren(
      ...out.warnings.map((w) => {
        const li = document.createElement("li");
        li.textContent = w.message;
        return li;
      }),
    );
    ul.hidden = out.warnings.length === 0;
  }
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName === "data-version") recheck(r.target);
    }
  }).observe(rowsEl, { attributes: true, subtree: true, attributeFilter: ["data-version"] });

  const start = document.activeElement && document.activeElement.closest && document.activeElement.closest(".row[data-id]");
  if (start) showPanel(start);

  // Alt+1…9 inserts the numbered equivalent; Alt+G adds a concept.
  document.addEventListener("keydown", (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    // Alt+Shift+digit belongs to the translation-memory panel.
    const m = !e.shiftKey && /^Digit([1-9])$/.exec(e.code);
    if (m && current) {
      const text = offered[Number(m[1]) - 1];
      if (text) {
        e.preventDefault();
        insert(current, text);
      }
    } else if ((e.code === "KeyG" || e.key === "g") && dlg) {
      e.preventDefault();
      openAdd();
    } else if (e.key === "Escape") {
      tip.hidden = true;
    }
  });
})();
