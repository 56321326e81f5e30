// Quality checks in the editor: each row shows the findings of its last
// save (and, on load, of the stored translation); a reviewer can mark one
// as not an error; approving a text with errors asks first. It follows the
// editor through its events and reads the editor's page data.
(() => {
  "use strict";

  const data = JSON.parse(document.getElementById("editor-data").textContent);
  const msgs = data.msgs;
  const t = (id, vars) =>
    String(msgs[id] || id).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  const byID = new Map(
    Array.from(document.querySelectorAll("#rows .row[data-id]")).map((r) => [r.dataset.id, r]),
  );
  const base = (seg) => "/api/segments/" + seg + "/qa/" + data.lang;

  async function post(url, body) {
    const res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(res.statusText);
    return res.json();
  }

  // utf16 turns a code point offset of text into a string index.
  function utf16(text, cp) {
    let i = 0;
    for (let n = 0; n < cp && i < text.length; n++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
    return i;
  }

  // mark highlights code point spans of the source cell, whatever markup
  // (glossary terms) it holds; unmark takes the highlights away again.
  function mark(cell, spans) {
    const text = cell.textContent;
    for (const [a, b] of spans.slice().reverse()) {
      let start = utf16(text, a);
      let end = utf16(text, b);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let pos = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.data.length;
        if (pos + len > start && pos < end) nodes.push([n, Math.max(0, start - pos), Math.min(len, end - pos)]);
        pos += len;
      }
      for (const [n, from, to] of nodes) {
        const range = document.createRange();
        range.setStart(n, from);
        range.setEnd(n, to);
        const m = document.createElement("mark");
        m.className = "qa-mark";
        range.surroundContents(m);
      }
    }
  }

  function unmark(cell) {
    for (const m of cell.querySelectorAll("mark.qa-mark")) m.replaceWith(...m.childNodes);
    cell.normalize();
  }

  // show puts a row's findings in its side column, replacing the old ones.
  function show(row, findings) {
    let list = row.querySelector("ul.qa-findings");
    if (!list) {
      list = document.createElement("ul");
      list.className = "qa-findings";
      list.setAttribute("aria-label", t("QAFindingsLabel"));
      const side = row.querySelector(".side") || row;
      side.insertBefore(list, side.querySelector(".actions"));
    }
    list.textContent = "";
    const errors = findings.filter((f) => f.severity === "error").length;
    row.dataset.qaErrors = String(errors);
    row.classList.toggle("qa-has-errors", errors > 0);
    list.hidden = findings.length === 0;
    for (const f of findings) {
      const li = document.createElement("li");
      li.className = "qa-" + f.severity;
      li.dataset.check = f.check;
      const msg = document.createElement("span");
      msg.textContent = f.message;
      li.append(msg);
      // Pointing at a finding marks it in the source; clicking it selects
      // it in the translation.
      const src = row.querySelector(".src");
      if (src && f.source_spans && f.source_spans.length) {
        li.addEventListener("mouseenter", () => mark(src, f.source_spans));
        li.addEventListener("mouseleave", () => unmark(src));
      }
      if (f.target_spans && f.target_spans.length) {
        msg.classList.add("qa-goto");
        msg.addEventListener("click", () => {
          const area = row.querySelector("textarea.tgt");
          const [a, b] = f.target_spans[0];
          area.focus();
          area.setSelectionRange(utf16(area.value, a), utf16(area.value, b));
        });
      }
      if (data.can.review && f.key) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "link qa-silence";
        b.textContent = t("QANotAnError");
        b.addEventListener("click", async () => {
          b.disabled = true;
          try {
            const body = await post(base(row.dataset.id) + "/silence", { check: f.check, key: f.key });
            show(row, body.qa || []);
          } catch (e) {
            b.disabled = false;
          }
        });
        li.append(" ", b);
      }
      list.append(li);
    }
  }

  document.addEventListener("alinea:saved", (e) => {
    const { row, body } = e.detail;
    if (row && body && Array.isArray(body.qa)) show(row, body.qa);
  });

  // Approving a text the checks find errors in asks for confirmation; the
  // save goes ahead when confirmed (or when the check cannot be reached).
  document.addEventListener("alinea:approving", (e) => {
    const { row, text, hold } = e.detail;
    hold(
      post(base(row.dataset.id) + "/check", { text })
        .then((body) => {
          const errors = (body.qa || []).filter((f) => f.severity === "error");
          if (errors.length === 0) return true;
          show(row, body.qa);
          return window.confirm(t("QAConfirmApprove", { Count: errors.length }));
        })
        .catch(() => true),
    );
  });

  // The findings of the translations as stored, for the rows of this page.
  fetch("/api/documents/" + data.doc + "/qa/" + data.lang, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then((res) => (res.ok ? res.json() : { findings: [] }))
    .then((body) => {
      const bySeg = new Map();
      for (const f of body.findings || []) {
        const k = String(f.segment);
        if (!bySeg.has(k)) bySeg.set(k, []);
        bySeg.get(k).push(f);
      }
      for (const [id, fs] of bySeg) {
        const row = byID.get(id);
        if (row && !row.querySelector("ul.qa-findings")) show(row, fs);
      }
    })
    .catch(() => {});
})();
