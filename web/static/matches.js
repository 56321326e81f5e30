// The translation-memory matches of the active row: up to five, each with
// its score and band, a character diff of its source against the segment's,
// the target, origin, author and date. Alt+Shift+1…5 (or a click) puts a
// match's target in place of the row's target.
(() => {
  "use strict";

  const panel = document.getElementById("match-panel");
  if (!panel) return;
  const list = document.getElementById("match-list");
  const none = document.getElementById("match-none");
  const notice = document.getElementById("notice");
  const msgs = panel.dataset;
  const cache = new Map(); // segment id → {matches, repetitions}
  const reps = document.getElementById("match-reps");
  const auto = document.getElementById("match-propagate");
  if (auto) {
    auto.checked = localStorage.getItem("alinea.propagate") !== "off";
    auto.addEventListener("change", () => localStorage.setItem("alinea.propagate", auto.checked ? "on" : "off"));
  }
  let current = null; // {row, segment, lang}
  let shown = []; // matches in the panel, for Alt+Shift+1…5
  let seq = 0;

  const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

  function bandClass(band) {
    return "band-" + String(band).replace(/[^0-9a-z]/g, "");
  }

  // diff marks, on the match's source, what differs from the segment's
  // source: a longest common subsequence over code points, which is plenty
  // for sentences.
  function diff(seg, match) {
    const a = Array.from(seg);
    const b = Array.from(match);
    const n = a.length;
    const m = b.length;
    const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
      }
    }
    const out = document.createDocumentFragment();
    let i = 0;
    let j = 0;
    const push = (tag, text) => {
      if (!text) return;
      const last = out.lastChild;
      if (last && last.nodeName.toLowerCase() === tag) {
        last.textContent += text;
        return;
      }
      const el = document.createElement(tag);
      el.textContent = text;
      out.append(el);
    };
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) {
        push("span", b[j]);
        i++;
        j++;
      } else if (j < m && (i >= n || dp[i][j + 1] >= dp[i + 1][j])) {
        push("ins", b[j]);
        j++;
      } else {
        push("del", a[i]);
        i++;
      }
    }
    return out;
  }

  function item(seg, mt, n) {
    const li = document.createElement("li");
    li.className = "match " + bandClass(mt.band);
    const head = document.createElement("p");
    head.className = "match-head";
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = mt.score + "%";
    score.title = fmt(msgs.similarity, { Similarity: mt.similarity });
    head.append(score);
    if (mt.context) head.append(" ", msgs.context);
    if (mt.numbers_fixed) head.append(" ", msgs.numbers);
    const key = document.createElement("kbd");
    key.textContent = "Alt+Shift+" + n;
    head.append(" ", key);
    const src = document.createElement("p");
    src.className = "match-src";
    src.lang = "zh-Hans";
    src.append(diff(seg, mt.source));
    const tgt = document.createElement("button");
    tgt.type = "button";
    tgt.className = "link match-tgt";
    tgt.lang = current ? current.lang : "";
    tgt.textContent = mt.target;
    tgt.addEventListener("click", () => use(mt));
    const meta = document.createElement("p");
    meta.className = "match-meta";
    const when = mt.date ? new Date(mt.date).toLocaleDateString() : "";
    meta.textContent = [mt.origin, mt.author, when].filter(Boolean).join(" · ");
    li.append(head, src, tgt, meta);
    return li;
  }

  function render(seg, got) {
    const matches = got.matches;
    reps.hidden = !got.repetitions;
    reps.textContent = got.repetitions ? fmt(msgs.reps, { Count: got.repetitions }) : "";
    shown = matches.slice(0, 5);
    list.replaceChildren(...shown.map((mt, i) => item(seg, mt, i + 1)));
    none.hidden = shown.length > 0;
  }

  async function load(active) {
    const mine = ++seq;
    const row = active.row;
    const seg = row.querySelector(".src") ? row.querySelector(".src").textContent : "";
    let matches = cache.get(active.segment);
    if (!matches) {
      reps.hidden = true;
      try {
        const res = await fetch(`/api/segments/${active.segment}/matches/${encodeURIComponent(active.lang)}?limit=5`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!res.ok) throw new Error(String(res.status));
        const body = await res.json();
        matches = { matches: body.matches || [], repetitions: body.repetitions || 0 };
        cache.set(active.segment, matches);
      } catch (err) {
        if (mine === seq) {
          list.replaceChildren();
          none.hidden = false;
        }
        return;
      }
    }
    if (mine === seq) render(seg, matches);
  }

  // use puts a match's target in place of the row's and tells the editor,
  // which remembers and saves it like typed text.
  function use(mt) {
    if (!current) return;
    const ta = current.row.querySelector("textarea.tgt");
    if (!ta || ta.readOnly) return;
    ta.focus();
    ta.select();
    ta.setRangeText(mt.target, 0, ta.value.length, "end");
    ta.dispatchEvent(new Event("input", { bubbles: true }));
    if (notice) notice.textContent = fmt(msgs.inserted, { Score: mt.score });
  }

  document.addEventListener("alinea:active", (e) => {
    current = e.detail;
    load(current);
  });
  // The editor may have focused a row before this script ran.
  const first = document.activeElement && document.activeElement.closest && document.activeElement.closest(".row[data-id]");
  if (first) {
    const lang = (first.querySelector("textarea.tgt") || {}).lang || "";
    current = { row: first, segment: Number(first.dataset.id), lang };
    load(current);
  }
  document.addEventListener("alinea:saved", (e) => {
    // A save changes the memory: other rows' matches may change too.
    cache.clear();
    const { row, body } = e.detail || {};
    if (!row || !body || !auto || !auto.checked) return;
    if (!["translated", "reviewed", "approved"].includes(body.status)) return;
    const lang = (row.querySelector("textarea.tgt") || {}).lang || "";
    fetch(`/api/segments/${row.dataset.id}/propagate/${encodeURIComponent(lang)}`, {
      method: "POST",
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((res) => (res.ok ? res.json() : null))
      .then((out) => {
        if (out && out.filled && notice) notice.textContent = fmt(msgs.propagated, { Count: out.filled });
      })
      .catch(() => {});
  });
  document.addEventListener("keydown", (e) => {
    if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
    if (document.querySelector("dialog[open]")) return;
    const m = /^Digit([1-5])$/.exec(e.code);
    if (!m) return;
    const mt = shown[Number(m[1]) - 1];
    if (mt) {
      e.preventDefault();
      use(mt);
    }
  });
})();
