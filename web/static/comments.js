// Segment comments in the editor: the active row's thread in the dock,
// adding, resolving and reopening comments, and a reviewer's rejection
// (back to draft) with a comment.
(() => {
  "use strict";

  const el = document.getElementById("comments-data");
  if (!el) return;
  const data = JSON.parse(el.textContent);
  const msgs = data.msgs;
  const t = (id, vars) => (msgs[id] || id).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  const plurals = new Intl.PluralRules(document.documentElement.lang);
  const numbers = new Intl.NumberFormat(document.documentElement.lang);
  const list = document.getElementById("comment-list");
  const none = document.getElementById("comment-none");
  const title = document.getElementById("comments-title");
  const form = document.getElementById("comment-form");
  const body = document.getElementById("comment-body");
  const error = document.getElementById("comment-error");
  const rejectBtn = document.getElementById("comment-reject");
  const notice = document.getElementById("notice");

  let row = null; // the row whose thread is shown
  let thread = [];

  const base = (r) => "/api/segments/" + r.dataset.id + "/comments/" + encodeURIComponent(data.lang);

  async function call(method, url, payload) {
    let res, out;
    try {
      res = await fetch(url, {
        method,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      out = await res.json().catch(() => ({}));
    } catch (e) {
      return { ok: false, error: t("Offline") };
    }
    return res.ok ? { ok: true, out } : { ok: false, error: out.error || res.statusText, status: res.status };
  }

  // The row's badge counts its open comments.
  function count(r, list) {
    const open = list.filter((c) => !c.resolved).length;
    const badge = r.querySelector(".comment-count");
    if (!badge) return;
    badge.hidden = open === 0;
    badge.dataset.open = String(open);
    const form = msgs["OpenComments." + plurals.select(open)] || msgs["OpenComments.other"];
    badge.textContent = form.replace("{Count}", numbers.format(open));
  }

  function render() {
    list.replaceChildren(...thread.map(item));
    none.hidden = thread.length > 0;
    if (row) count(row, thread);
  }

  function item(c) {
    const li = document.createElement("li");
    li.className = "comment" + (c.resolved ? " resolved" : "") + (c.rejection ? " rejection" : "");
    li.dataset.id = String(c.id);
    const head = document.createElement("p");
    head.className = "comment-head";
    const who = document.createElement("strong");
    who.textContent = c.author || t("AuthorNone");
    const when = document.createElement("time");
    when.setAttribute("datetime", c.created_at);
    when.textContent = c.created_at;
    head.append(who, " · ", when);
    if (c.rejection) {
      const tag = document.createElement("span");
      tag.className = "badge";
      tag.textContent = t("RejectionNote");
      head.append(" ", tag);
    }
    const text = document.createElement("p");
    text.className = "comment-body";
    text.textContent = c.body;
    li.append(head, text);
    if (c.resolved) {
      const r = document.createElement("p");
      r.className = "help";
      r.textContent = t("ResolvedBy", { Name: c.resolved_by || t("AuthorNone") });
      li.append(r);
    }
    if (data.canEdit) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "link";
      b.dataset.resolve = c.resolved ? "0" : "1";
      b.textContent = c.resolved ? t("Reopen") : t("Resolve");
      b.addEventListener("click", () => resolve(c, !c.resolved));
      li.append(b);
    }
    return li;
  }

  async function show(r) {
    row = r;
    title.textContent = t("CommentsOn", { N: r.dataset.pos });
    const res = await call("GET", base(r));
    if (row !== r || !res.ok) return;
    thread = res.out.comments;
    render();
  }

  async function resolve(c, resolved) {
    const r = row;
    const res = await call("POST", base(r) + "/" + c.id + "/resolve", { resolved });
    if (!res.ok) {
      if (error) error.textContent = res.error;
      return;
    }
    if (row !== r) return;
    thread = thread.map((x) => (x.id === c.id ? res.out : x));
    render();
  }

  document.addEventListener("alinea:active", (e) => show(e.detail.row));
  const first = document.activeElement && document.activeElement.closest && document.activeElement.closest(".row[data-id]");
  if (first) show(first);

  // The row's "Comments" action opens its thread for writing.
  document.getElementById("rows").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action=comments]");
    if (!b) return;
    show(b.closest(".row[data-id]"));
    if (body) body.focus();
  });

  if (!form) return;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!row) return;
    const r = row;
    error.textContent = "";
    const res = await call("POST", base(r), { body: body.value });
    if (!res.ok) {
      error.textContent = res.error;
      return;
    }
    body.value = "";
    if (row === r) {
      thread.push(res.out);
      render();
    }
    notice.textContent = t("CommentAdded", { N: r.dataset.pos });
  });
  // Ctrl+Enter in the comment box adds it, as it confirms a row.
  body.addEventListener("keydown", (e) => {
    if (e.ctrlKey && e.key === "Enter") {
      e.preventDefault();
      e.stopPropagation();
      form.requestSubmit();
    } else if (e.key === "Escape" && row) {
      e.preventDefault();
      row.querySelector("textarea.tgt").focus();
    }
  });

  if (rejectBtn) {
    rejectBtn.addEventListener("click", async () => {
      if (!row) return;
      const r = row;
      error.textContent = "";
      if (!body.value.trim()) {
        error.textContent = t("RejectNeedsComment");
        body.focus();
        return;
      }
      const res = await call("POST", "/api/segments/" + r.dataset.id + "/translations/" + encodeURIComponent(data.lang) + "/reject", {
        version: Number(r.dataset.version),
        comment: body.value,
      });
      if (!res.ok) {
        error.textContent = res.error;
        return;
      }
      body.value = "";
      // The editor takes the new status and version from the live stream,
      // like any save; the thread gets the comment now.
      if (row === r) {
        thread.push(res.out.comment);
        render();
      }
      notice.textContent = t("SentBack", { N: r.dataset.pos });
    });
  }
})();
