// Times are written by the server in UTC; the reader sees them in their own
// time zone, in the interface language. The UTC text stays as the title.
(() => {
  "use strict";
  const fmt = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  function localize(root) {
    for (const el of root.querySelectorAll("time[datetime]")) {
      if (el.dataset.local) continue;
      const d = new Date(el.getAttribute("datetime"));
      if (Number.isNaN(d.getTime())) continue;
      el.title = el.textContent;
      el.textContent = fmt.format(d);
      el.dataset.local = "1";
    }
  }
  localize(document);
  // Lists that scripts fill later (comments, activity) are localized too.
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n.nodeType === 1) localize(n.matches("time[datetime]") ? n.parentNode : n);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
