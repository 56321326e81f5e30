// The translator's editor: saving, keyboard, conflicts, live updates.
// Hand-written, no dependencies. Every text it shows comes from the page's
// JSON data block, in the interface language.
(() => {
  "use strict";

  const data = JSON.parse(document.getElementById("editor-data").textContent);
  const msgs = data.msgs;
  const plurals = new Intl.PluralRules(data.ui);
  const numbers = new Intl.NumberFormat(data.ui);

  // t returns message id with {Name} placeholders filled from vars.
  function t(id, vars) {
    let s = msgs[id];
    if (typeof s !== "string") s = id;
    return fill(s, vars);
  }

  // tn returns the plural form of message id for n.
  function tn(id, n, vars) {
    const forms = msgs[id] || {};
    const s = forms[plurals.select(n)] || forms.other || id;
    return fill(s, Object.assign({ Count: numbers.format(n) }, vars));
  }

  function fill(s, vars) {
    return s.replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  }

  const rowsEl = document.getElementById("rows");
  const rows = Array.from(rowsEl.querySelectorAll(".row[data-id]"));
  const byID = new Map(rows.map((r) => [r.dataset.id, r]));
  const notice = document.getElementById("notice");
  const leftEl = document.getElementById("left");
  const todo = (st) => st === "new" || st === "draft";
  const leftCharsEl = document.getElementById("left-chars");
  let left = data.left;
  let leftChars = data.leftChars;

  const area = (row) => row.querySelector("textarea.tgt");
  const dirty = (row) => area(row).value !== area(row).defaultValue;
  const storeKey = (row) => "alinea:unsaved:" + row.dataset.id + ":" + data.lang;

  function say(text) {
    notice.textContent = text;
  }

  function rowState(row, text, isError) {
    const el = row.querySelector(".state");
    el.textContent = text || "";
    el.classList.toggle("error", !!isError);
  }

  function setStatus(row, status) {
    const was = row.dataset.status;
    if (was === status) return;
    const chars = Number(row.dataset.chars) || 0;
    if (todo(was) && !todo(status)) {
      left--;
      leftChars -= chars;
    }
    if (!todo(was) && todo(status)) {
      left++;
      leftChars += chars;
    }
    row.dataset.status = status;
    const mark = row.querySelector(".mark");
    mark.className = "mark st-" + status;
    mark.textContent = t("Status" + status.charAt(0).toUpperCase() + status.slice(1));
    leftEl.textContent = tn("SegmentsLeft", left);
    leftCharsEl.textContent = tn("SourceCharsLeft", leftChars);
  }

  // Counts as the server makes them (text.WordCount, store.CharCount):
  // every Chinese, Japanese or Korean character is a word, and so is every
  // run of other letters and digits; characters leave out white space.
  const cjk = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;
  const wordChar = /[\p{L}\p{N}\p{Mn}]/u;
  function wordCount(text) {
    let n = 0;
    let inWord = false;
    for (const c of text) {
      if (cjk.test(c)) {
        n++;
        inWord = false;
      } else if (wordChar.test(c)) {
        if (!inWord) n++;
        inWord = true;
      } else if (c !== "'" && c !== "’" && c !== "-") {
        inWord = false;
      }
    }
    return n;
  }
  const charCount = (text) => Array.from(text).filter((c) => !/\s/u.test(c)).length;
  function showCounts(row) {
    const text = area(row).value;
    row.querySelector(".seg-counts").textContent = t("SegmentCounts", {
      Source: numbers.format(Number(row.dataset.chars) || 0),
      Words: numbers.format(wordCount(text)),
      Chars: numbers.format(charCount(text)),
    });
  }

  // Unsaved text lives in localStorage until the server has it, with the
  // version it was typed on, so a reload or a crash loses nothing and a
  // later save still detects a conflict.
  function remember(row) {
    const el = area(row);
    try {
      if (el.value === el.defaultValue) {
        // A text put aside by Esc stays in the browser until the row is
        // saved: Ctrl+Z brings it back, even after a reload.
        if (!reverted.has(row)) localStorage.removeItem(storeKey(row));
      } else {
        localStorage.setItem(storeKey(row), JSON.stringify({ text: el.value, version: Number(row.dataset.version) }));
      }
    } catch (e) {
      // Storage full or disabled: the save on leaving the row still runs.
    }
    row.classList.toggle("unsaved", el.value !== el.defaultValue);
    showCounts(row);
  }

  // reverted holds, per row, the text Esc put aside, for Ctrl+Z.
  const reverted = new Map();

  function restoreUnsaved() {
    let n = 0;
    for (const row of rows) {
      let saved;
      try {
        saved = JSON.parse(localStorage.getItem(storeKey(row)) || "null");
      } catch (e) {
        saved = null;
      }
      if (!saved || typeof saved.text !== "string") continue;
      const el = area(row);
      if (saved.text === el.defaultValue) {
        localStorage.removeItem(storeKey(row));
        continue;
      }
      if (saved.reverted) {
        reverted.set(row, saved);
        continue;
      }
      el.value = saved.text;
      // Saving from the version it was typed on makes a newer save by
      // someone else a conflict instead of an overwrite.
      row.dataset.version = String(saved.version);
      row.classList.add("unsaved");
      n++;
    }
    if (n > 0) say(tn("RestoredUnsaved", n));
  }

  // Saves of one row run one after the other, each on the version the one
  // before left.
  const queues = new Map();
  function save(row, status, opts) {
    const prev = queues.get(row) || Promise.resolve(true);
    const next = prev.then(() => doSave(row, status, opts || {}));
    queues.set(row, next);
    next.finally(() => {
      if (queues.get(row) === next) queues.delete(row);
    });
    return next;
  }

  function allSaved() {
    return Promise.all(Array.from(queues.values()));
  }

  async function doSave(row, status, opts) {
    const el = area(row);
    const text = opts.text !== undefined ? opts.text : el.value;
    if (opts.onlyIfChanged && text === el.defaultValue) return true;
    // A row waiting on the translator's decision in the conflict dialog is
    // not saved again behind it (leaving the row for the dialog would).
    if (conflicts.some((c) => c.row === row)) return false;
    if (status === "approved") {
      // Panels may hold an approval back: the quality checks ask first.
      const holds = [];
      document.dispatchEvent(
        new CustomEvent("alinea:approving", { detail: { row, text, hold: (p) => holds.push(p) } }),
      );
      if (!(await Promise.all(holds)).every(Boolean)) return false;
    }
    rowState(row, t("Saving"));
    let res, body;
    try {
      res = await fetch("/api/segments/" + row.dataset.id + "/translations/" + data.lang, {
        method: "PUT",
        credentials: "same-origin",
        // A save sent while leaving the page outlives it (see leaveTo).
        keepalive: !!opts.keepalive,
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text: text, status: status, version: Number(row.dataset.version) }),
      });
      body = await res.json().catch(() => ({}));
    } catch (e) {
      rowState(row, t("Offline"), true);
      return false;
    }
    if (res.ok) {
      reverted.delete(row);
      row.dataset.version = String(body.version);
      el.defaultValue = body.text;
      if (el.value === body.text) el.value = body.text;
      setStatus(row, body.status);
      row.classList.remove("stale");
      remember(row);
      rowState(row, t("Saved"));
      // Side panels (glossary, memory matches, checks) follow saves and the
      // active row through these events instead of reaching into the editor.
      document.dispatchEvent(new CustomEvent("alinea:saved", { detail: { row, body } }));
      return true;
    }
    if (res.status === 409 && body.current) {
      rowState(row, body.error || "", true);
      conflict(row, text, status, body.current);
      return false;
    }
    rowState(row, t("SaveFailed", { Error: body.error || res.statusText }), true);
    return false;
  }

  // Conflicts: both texts side by side; nothing is saved until the
  // translator decides.
  const conflictDlg = document.getElementById("conflict");
  const conflicts = [];
  function conflict(row, mine, status, current) {
    conflicts.push({ row, mine, status, current });
    if (!conflictDlg.open) showConflict();
  }

  function showConflict() {
    const c = conflicts[0];
    if (!c) return;
    document.getElementById("conflict-mine").value = c.mine;
    document.getElementById("conflict-theirs").textContent = c.current.text;
    document.getElementById("conflict-theirs-label").textContent = t("ConflictTheirs", {
      Version: c.current.version,
      Author: c.current.author || t("AuthorNone"),
    });
    conflictDlg.showModal();
    document.getElementById("conflict-mine").focus();
  }

  function closeConflict(focusRow) {
    conflicts.shift();
    conflictDlg.close();
    if (conflicts.length) {
      showConflict();
    } else if (focusRow) {
      area(focusRow).focus();
    }
  }

  document.getElementById("conflict-keep").addEventListener("click", () => {
    const c = conflicts[0];
    const el = area(c.row);
    el.value = document.getElementById("conflict-mine").value;
    c.row.dataset.version = String(c.current.version);
    closeConflict(c.row);
    save(c.row, c.status === "new" ? "draft" : c.status);
  });

  document.getElementById("conflict-take").addEventListener("click", () => {
    const c = conflicts[0];
    const el = area(c.row);
    el.defaultValue = c.current.text;
    el.value = c.current.text;
    c.row.dataset.version = String(c.current.version);
    setStatus(c.row, c.current.status);
    c.row.classList.remove("stale");
    remember(c.row);
    rowState(c.row, "");
    closeConflict(c.row);
  });

  document.getElementById("conflict-later").addEventListener("click", () => {
    const c = conflicts[0];
    closeConflict(c.row);
  });
  conflictDlg.addEventListener("cancel", (e) => {
    e.preventDefault();
    closeConflict(conflicts[0] && conflicts[0].row);
  });

  // Moving between rows.
  function focusRow(row, atEnd) {
    if (!row) return;
    const el = area(row);
    el.focus();
    const pos = atEnd ? el.value.length : el.value.length;
    el.setSelectionRange(pos, pos);
    // The active row sits in the middle of the view, clear of the dock and
    // of the rows around it.
    row.scrollIntoView({ block: "center" });
  }

  const current = () => {
    const el = document.activeElement;
    return el && el.closest ? el.closest(".row[data-id]") : null;
  };

  // handedOff is the row whose save was sent as the page was left: the next
  // page sends it again, so it is not waited for here.
  let handedOff = null;
  const handoffKey = "alinea:handoff";

  async function leaveTo(url) {
    const row = current();
    if (row && data.can.edit && dirty(row) && queues.size === 0 && !conflicts.length && area(row).value.length < 16000) {
      // The common case, the row just typed and nothing else pending: the
      // save goes out as a keepalive request and the next page opens at
      // once. The text stays in the local backup until a save of it
      // succeeds, and the next page repeats the save (the same text and
      // status again is no new revision and no conflict), so it learns
      // whether the save went through and says so if not.
      const h = {
        id: row.dataset.id,
        pos: row.dataset.pos,
        lang: data.lang,
        text: area(row).value,
        status: "draft",
        version: Number(row.dataset.version),
      };
      try {
        sessionStorage.setItem(handoffKey, JSON.stringify(h));
        localStorage.setItem(storeKey(row), JSON.stringify({ text: h.text, version: h.version }));
        handedOff = row;
      } catch (e) {
        handedOff = null;
      }
      if (handedOff) {
        save(row, "draft", { onlyIfChanged: true, keepalive: true });
        location.href = url;
        return;
      }
    }
    if (row && data.can.edit) save(row, "draft", { onlyIfChanged: true });
    await allSaved();
    location.href = url;
  }

  // takeHandoff repeats the save the previous page sent as it was left, and
  // drops the local backup once the server has the text.
  async function takeHandoff() {
    let h;
    try {
      h = JSON.parse(sessionStorage.getItem(handoffKey) || "null");
      sessionStorage.removeItem(handoffKey);
    } catch (e) {
      h = null;
    }
    if (!h || typeof h.text !== "string") return;
    const key = "alinea:unsaved:" + h.id + ":" + h.lang;
    let res, body;
    try {
      res = await fetch("/api/segments/" + h.id + "/translations/" + h.lang, {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text: h.text, status: h.status, version: h.version }),
      });
      body = await res.json().catch(() => ({}));
    } catch (e) {
      say(t("HandoffNotSaved", { Pos: h.pos, Error: t("Offline") }));
      return;
    }
    if (res.ok && body.text === h.text) {
      try {
        const kept = JSON.parse(localStorage.getItem(key) || "null");
        if (kept && kept.text === h.text) localStorage.removeItem(key);
      } catch (e) {
        // The backup is dropped when the row's page opens and finds the text saved.
      }
      return;
    }
    // A conflict or a refusal: the backup stays, and the row's page brings
    // it back into the conflict check.
    say(t("HandoffNotSaved", { Pos: h.pos, Error: body.error || res.statusText }));
  }

  function move(row, step) {
    const i = rows.indexOf(row);
    const target = rows[i + step];
    if (target) {
      focusRow(target);
      return;
    }
    const url = step > 0 ? data.next : data.prev;
    if (url) leaveTo(url + (url.includes("?") ? "&" : "?") + "focus=" + (step > 0 ? "first" : "last"));
  }

  function nextToDo(row) {
    for (let i = rows.indexOf(row) + 1; i < rows.length; i++) {
      if (todo(rows[i].dataset.status)) return rows[i];
    }
    return null;
  }

  // confirm saves the row with status (translated, reviewed or approved)
  // and moves on.
  async function confirmRow(row, status) {
    const el = area(row);
    if (el.value.trim() === "") {
      rowState(row, t("EmptyCannotConfirm"), true);
      return;
    }
    const rank = ["new", "draft", "translated", "reviewed", "approved"];
    const unchanged = el.value === el.defaultValue;
    // Confirming an unchanged text that is already further along changes
    // nothing; don't take a reviewed segment back to translated.
    if (!(unchanged && rank.indexOf(row.dataset.status) >= rank.indexOf(status))) {
      save(row, status);
    }
    if (status !== "translated") {
      move(row, 1);
      return;
    }
    const next = nextToDo(row);
    if (next) {
      focusRow(next);
      return;
    }
    if (data.next) {
      await allSaved();
      if (rows.some(dirty)) return;
      location.href = data.nextTodo + row.dataset.pos + "&focus=" + row.dataset.id;
      return;
    }
    say(t("NothingLeftHere"));
  }

  // revert goes back to the saved text; the text typed is put aside, kept
  // in the browser, and Ctrl+Z brings it back.
  function revert(row) {
    const el = area(row);
    if (!dirty(row)) return;
    const kept = { text: el.value, version: Number(row.dataset.version), reverted: true };
    reverted.set(row, kept);
    try {
      localStorage.setItem(storeKey(row), JSON.stringify(kept));
    } catch (e) {
      // Storage full or disabled: Ctrl+Z still works on this page.
    }
    el.value = el.defaultValue;
    row.classList.remove("unsaved");
    showCounts(row);
    rowState(row, t("RevertedUndo"));
  }

  // unrevert puts back the text Esc put aside; false when there is none.
  function unrevert(row) {
    const kept = reverted.get(row);
    const el = area(row);
    if (!kept || dirty(row)) return false;
    reverted.delete(row);
    el.value = kept.text;
    row.dataset.version = String(kept.version);
    remember(row);
    rowState(row, "");
    return true;
  }

  // closeOverlay hides an open tooltip or popup, the first thing Esc does.
  function closeOverlay() {
    const open = Array.from(document.querySelectorAll(".overlay:not([hidden])"));
    for (const el of open) el.hidden = true;
    return open.length > 0;
  }

  function copySource(row) {
    const el = area(row);
    el.value = row.querySelector(".src").textContent;
    remember(row);
  }

  // Segmentation.
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
      say(t("Offline"));
      return false;
    }
    if (!res.ok) {
      say(out.error || res.statusText);
      return false;
    }
    return true;
  }

  function reloadAt(row) {
    const u = new URL(location.href);
    u.searchParams.delete("next");
    u.searchParams.delete("done");
    u.searchParams.set("focus", row.dataset.id);
    location.replace(u.toString());
  }

  async function merge(row) {
    if (!data.can.resegment) return say(t("NotAllowedResegment"));
    const i = rows.indexOf(row);
    const next = rows[i + 1];
    if (next && next.dataset.para !== row.dataset.para) return say(t("NothingToMerge"));
    // Save both texts first: the merge joins what is stored.
    if (data.can.edit) {
      save(row, "draft", { onlyIfChanged: true });
      if (next) save(next, "draft", { onlyIfChanged: true });
    }
    await allSaved();
    if (rows.some(dirty)) return;
    if (await post("/api/segments/" + row.dataset.id + "/merge", { next_id: next ? Number(next.dataset.id) : 0 })) {
      reloadAt(row);
    }
  }

  const splitDlg = document.getElementById("split");
  const splitSource = document.getElementById("split-source");
  let splitting = null;
  function openSplit(row) {
    if (!data.can.resegment) return say(t("NotAllowedResegment"));
    splitting = row;
    splitSource.value = row.querySelector(".src").textContent;
    splitDlg.showModal();
    splitSource.focus();
    // Start in the middle: most splits are near it, and arrows move from there.
    const mid = Math.floor(splitSource.value.length / 2);
    splitSource.setSelectionRange(mid, mid);
  }

  async function doSplit() {
    const row = splitting;
    if (!row) return;
    // The server counts characters (code points); JavaScript counts UTF-16
    // units.
    const at = Array.from(splitSource.value.slice(0, splitSource.selectionStart)).length;
    if (data.can.edit) save(row, "draft", { onlyIfChanged: true });
    await allSaved();
    if (await post("/api/segments/" + row.dataset.id + "/split", { at: at, source: splitSource.value })) {
      splitDlg.close();
      reloadAt(row);
    }
  }

  document.getElementById("split-do").addEventListener("click", doSplit);
  document.getElementById("split-cancel").addEventListener("click", () => splitDlg.close());
  splitSource.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      doSplit();
    }
  });
  splitDlg.addEventListener("close", () => {
    if (splitting) area(splitting).focus();
    splitting = null;
  });

  // Help.
  const help = document.getElementById("help");
  document.getElementById("help-button").addEventListener("click", () => help.showModal());

  // Keyboard.
  document.addEventListener("keydown", (e) => {
    if (conflictDlg.open || splitDlg.open || help.open) return;
    const row = current();
    const inField = e.target.matches && e.target.matches("input, textarea, select");
    if ((e.key === "?" && !inField) || (e.ctrlKey && e.key === "/")) {
      e.preventDefault();
      help.showModal();
      return;
    }
    if (e.ctrlKey && !e.altKey && !e.shiftKey && (e.key === "g" || e.key === "G")) {
      e.preventDefault();
      const g = document.getElementById("goto");
      g.focus();
      g.select();
      return;
    }
    if (e.key === "/" && !inField && !e.ctrlKey) {
      e.preventDefault();
      document.getElementById("q").focus();
      return;
    }
    if (!row) {
      if (e.key === "Escape") closeOverlay();
      return;
    }
    const key = e.key;
    if (e.ctrlKey && !e.shiftKey && !e.altKey && key === "Enter") {
      e.preventDefault();
      if (!data.can.edit) return say(t("NotAllowedEdit"));
      confirmRow(row, "translated");
    } else if (e.ctrlKey && e.shiftKey && !e.altKey && key === "Enter") {
      e.preventDefault();
      if (!data.can.review) return say(t("NotAllowedReview"));
      confirmRow(row, "reviewed");
    } else if (e.ctrlKey && e.altKey && key === "Enter") {
      e.preventDefault();
      if (!data.can.review) return say(t("NotAllowedReview"));
      confirmRow(row, "approved");
    } else if (e.ctrlKey && !e.altKey && key === "ArrowDown") {
      e.preventDefault();
      move(row, 1);
    } else if (e.ctrlKey && !e.altKey && key === "ArrowUp") {
      e.preventDefault();
      move(row, -1);
    } else if (e.ctrlKey && e.shiftKey && (key === "S" || key === "s")) {
      e.preventDefault();
      if (!data.can.edit) return say(t("NotAllowedEdit"));
      copySource(row);
    } else if (key === "Escape") {
      e.preventDefault();
      if (closeOverlay()) return;
      revert(row);
    } else if (e.ctrlKey && !e.shiftKey && !e.altKey && (key === "z" || key === "Z")) {
      if (unrevert(row)) e.preventDefault();
    } else if (e.altKey && !e.ctrlKey && (e.code === "KeyM" || key === "m")) {
      e.preventDefault();
      merge(row);
    } else if (e.altKey && !e.ctrlKey && (e.code === "KeyS" || key === "s")) {
      e.preventDefault();
      openSplit(row);
    }
  });

  // The preview of the document opens at the row being worked on.
  const previewLink = document.getElementById("preview-link");
  document.addEventListener("alinea:active", (e) => {
    const u = new URL(previewLink.href);
    u.searchParams.set("segment", e.detail.row.dataset.id);
    u.hash = "pv-" + e.detail.row.dataset.id;
    previewLink.href = u.toString();
  });

  let activeRow = null;
  rowsEl.addEventListener("focusin", (e) => {
    const row = e.target.closest(".row[data-id]");
    if (!row || row === activeRow) return;
    activeRow = row;
    document.dispatchEvent(
      new CustomEvent("alinea:active", { detail: { row, segment: Number(row.dataset.id), lang: data.lang } }),
    );
  });

  rowsEl.addEventListener("input", (e) => {
    const row = e.target.closest(".row[data-id]");
    if (!row) return;
    // New typing replaces a text put aside by Esc: the backup holds one text.
    if (dirty(row)) reverted.delete(row);
    remember(row);
  });

  // A row's counts follow its text wherever a new version comes from (a
  // save here, another editor, a replacement).
  new MutationObserver((records) => {
    for (const r of records) showCounts(r.target);
  }).observe(rowsEl, { attributes: true, subtree: true, attributeFilter: ["data-version"] });

  // Leaving a row saves it as a draft, if it changed.
  rowsEl.addEventListener("focusout", (e) => {
    const row = e.target.closest(".row[data-id]");
    if (!row || !e.target.matches("textarea.tgt") || !data.can.edit) return;
    if (e.relatedTarget && row.contains(e.relatedTarget)) return;
    if (dirty(row)) save(row, "draft", { onlyIfChanged: true });
  });

  rowsEl.addEventListener("click", (e) => {
    const btn = e.target.closest("button[data-action]");
    if (!btn) return;
    const row = btn.closest(".row[data-id]");
    if (btn.dataset.action === "merge") merge(row);
    if (btn.dataset.action === "split") openSplit(row);
  });

  window.addEventListener("beforeunload", (e) => {
    const others = (r) => r !== handedOff;
    if (rows.filter(others).some(dirty) || Array.from(queues.keys()).some(others)) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  // Live updates from other translators.
  let live = null;
  function connect() {
    // One stream shared by the browser's tabs (livestream.js).
    live = window.alineaSharedEvents ? window.alineaSharedEvents(data.events) : new EventSource(data.events);
    live.addEventListener("open", () => {
      notice.dataset.live = "open";
    });
    live.addEventListener("saved", (e) => {
      let v;
      try {
        v = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      const row = byID.get(String(v.segment_id));
      if (!row || v.version <= Number(row.dataset.version)) return;
      if (dirty(row) || queues.has(row)) {
        // Being edited here: the save will meet the conflict check.
        row.classList.add("stale");
        rowState(row, t("ChangedElsewhere"), true);
        return;
      }
      const el = area(row);
      el.defaultValue = v.text;
      el.value = v.text;
      row.dataset.version = String(v.version);
      setStatus(row, v.status);
      rowState(row, t("UpdatedElsewhere", { Author: v.author || t("AuthorNone") }));
      row.classList.remove("updated");
      void row.offsetWidth;
      row.classList.add("updated");
    });
    live.addEventListener("segments", () => {
      document.getElementById("reshaped").hidden = false;
    });
    // The glossary changed: glossary.js marks the terms again.
    live.addEventListener("glossary", () => document.dispatchEvent(new CustomEvent("alinea:glossary")));
    live.addEventListener("open", () => {
      if (notice.dataset.live === "lost") {
        say("");
        delete notice.dataset.live;
      }
    });
    live.addEventListener("error", () => {
      if (live.readyState !== EventSource.OPEN) {
        notice.dataset.live = "lost";
        say(t("LiveLost"));
      }
    });
  }
  document.getElementById("reload").addEventListener("click", () => location.reload());

  // Go to segment #N: a row of this page is focused at once; any other is
  // on the page the server finds for it.
  document.getElementById("goto-form").addEventListener("submit", (e) => {
    const n = document.getElementById("goto").value.trim().replace(/^#/, "");
    const here = rows.find((r) => r.dataset.pos === n);
    if (!here) return;
    e.preventDefault();
    document.getElementById("goto").value = "";
    focusRow(here);
  });

  restoreUnsaved();
  takeHandoff();
  connect();

  // Where to start: the row the URL names, else the first that needs work.
  const params = new URLSearchParams(location.search);
  const want = params.get("focus");
  let start = null;
  if (want === "first") start = rows[0];
  else if (want === "last") start = rows[rows.length - 1];
  else if (want) start = byID.get(want);
  if (!start && !params.get("q")) start = rows.find((r) => todo(r.dataset.status));
  if (start) focusRow(start);
})();
