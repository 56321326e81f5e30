// The alignment review: edits go to the server one at a time, and the page
// is then reloaded with the edited bead focused, so what is shown is always
// what is stored.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("alignment-data").textContent);
  const msgs = data.msgs;
  const notice = document.getElementById("notice");
  const beads = () => Array.from(document.querySelectorAll(".bead"));
  let busy = false;

  function fill(text, vals) {
    return text.replace(/\{(\w+)\}/g, (m, k) => (k in vals ? vals[k] : m));
  }

  function say(text, isError) {
    notice.textContent = text;
    notice.classList.toggle("error", !!isError);
  }

  function focusFromURL() {
    const params = new URLSearchParams(location.search);
    let target = null;
    if (location.hash.startsWith("#b-")) {
      target = document.getElementById(location.hash.slice(1));
    } else if (params.has("focus")) {
      target = document.getElementById("b-" + params.get("focus"));
    }
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "center" });
    }
  }

  async function edit(bead, op) {
    if (!data.edit || busy) return;
    busy = true;
    say(msgs.AlignWorking);
    const pos = Number(bead.dataset.pos);
    let res;
    try {
      res = await fetch("/api/alignments/" + data.id + "/edit", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ op: op, position: pos, version: data.version }),
      });
    } catch (e) {
      busy = false;
      say(msgs.AlignOffline, true);
      return;
    }
    if (!res.ok) {
      let err = "";
      try { err = (await res.json()).error; } catch (e) { err = res.statusText; }
      busy = false;
      say(fill(msgs.AlignEditFailed, { Error: err }), true);
      return;
    }
    // A move down keeps the reviewer on the bead that received the sentence.
    const focus = op === "move-down" ? pos + 1 : pos;
    const params = new URLSearchParams(location.search);
    params.set("focus", String(focus));
    location.assign(location.pathname + "?" + params.toString());
  }

  document.getElementById("beads").addEventListener("click", (e) => {
    const btn = e.target.closest("button[data-op]");
    if (!btn) return;
    edit(btn.closest(".bead"), btn.dataset.op);
  });

  const keys = { ArrowUp: "move-up", ArrowDown: "move-down", m: "merge", s: "split", u: "untranslated", c: "confirm" };
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    const bead = t.closest && t.closest(".bead");
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const op = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (op && bead) {
        e.preventDefault();
        edit(bead, op);
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const all = beads();
    const i = bead ? all.indexOf(bead) : -1;
    if (e.key === "j" || e.key === "k") {
      e.preventDefault();
      const next = all[e.key === "j" ? Math.min(all.length - 1, i + 1) : Math.max(0, i - 1)];
      if (next) next.focus();
    } else if (e.key === "w") {
      document.getElementById("sort-weak").click();
    } else if (e.key === "?") {
      const help = document.getElementById("help");
      if (help) help.showModal();
    }
  });

  const helpButton = document.getElementById("help-button");
  if (helpButton) helpButton.addEventListener("click", () => document.getElementById("help").showModal());
  window.addEventListener("hashchange", focusFromURL);
  focusFromURL();
})();
