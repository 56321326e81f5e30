// One live-update stream per document and language for all the tabs of a
// browser. Browsers open at most six HTTP/1.1 connections to a site, and an
// event stream holds one for as long as its tab is open: with one stream per
// tab, the seventh tab never loaded. The tab holding a Web Lock named after
// the stream opens it and passes every event to the other tabs over a
// BroadcastChannel; when that tab closes, the lock passes to another tab,
// which opens the stream in turn.
//
// alineaSharedEvents(url) returns what the editor uses of an EventSource:
// addEventListener for "open", "error", "saved", "segments" and "glossary", and
// readyState.
(function () {
  "use strict";
  const names = ["open", "error", "saved", "segments", "glossary"];

  window.alineaSharedEvents = function (url) {
    if (!("locks" in navigator) || typeof BroadcastChannel !== "function") {
      return new EventSource(url);
    }
    const target = new EventTarget();
    let open = false;
    const fire = (name, data) => target.dispatchEvent(new MessageEvent(name, { data: data }));
    const key = "alinea-live " + new URL(url, location.href).pathname;
    const channel = new BroadcastChannel(key);
    let leading = null; // the stream, in the tab that holds it

    channel.onmessage = (m) => {
      const msg = m.data || {};
      if (msg.name === "state?") {
        // A tab that just opened asks whether the stream is up.
        if (leading && leading.readyState === EventSource.OPEN) channel.postMessage({ name: "open", open: true });
        return;
      }
      if (leading || !names.includes(msg.name)) return;
      open = Boolean(msg.open);
      fire(msg.name, msg.data);
    };

    navigator.locks.request(key, () => {
      const es = new EventSource(url);
      leading = es;
      for (const name of names) {
        es.addEventListener(name, (e) => {
          open = es.readyState === EventSource.OPEN;
          channel.postMessage({ name: name, data: e.data, open: open });
          fire(name, e.data);
        });
      }
      // Held until the tab goes away, which releases the lock.
      return new Promise(() => {});
    });
    channel.postMessage({ name: "state?" });

    return {
      addEventListener: (name, fn) => target.addEventListener(name, fn),
      get readyState() {
        if (leading) return leading.readyState;
        return open ? EventSource.OPEN : EventSource.CONNECTING;
      },
    };
  };
})();
