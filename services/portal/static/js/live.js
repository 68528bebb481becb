// Live updates for a signed-in organisation: GET /live streams its notifications
// (server-sent events; EventSource reconnects by itself and resumes after the last id).
// When a note names the open page, the page re-fetches its main part (?fragment=1) and
// swaps it in. Never while the user is typing in a form there (that waits until they
// are done), nor over what a submit answered. The menu's Notifications entry shows the
// unread count. Without this file every page still works; it just does not move on its own.
(function () {
  "use strict";
  var since = (document.currentScript && document.currentScript.dataset.since) || "";
  var main = document.getElementById("main");
  var link = document.querySelector('a[href="/notifications"]');
  var RETRIES = 6;      // the page's own service may apply the event a moment after us
  var RETRY_MS = 600;
  var last = null;      // the last fragment swapped in

  function badge(count) {
    if (!link) { return; }
    var b = link.querySelector(".badge");
    if (!b) {
      b = document.createElement("span");
      b.className = "badge";
      b.setAttribute("data-testid", "unread");
      link.appendChild(b);
    }
    b.textContent = count > 0 ? String(count) : "";
    b.hidden = !(count > 0);
  }

  function matches(pages, path) {
    return (pages || []).some(function (p) {
      return p.slice(-1) === "*" ? path.indexOf(p.slice(0, -1)) === 0 : path === p;
    });
  }

  function busy() {
    // What the last submit said (errors beside fields, a refusal, a secret shown once) is
    // the answer to a POST: a fresh GET of the page would wipe it. Keep it until they move on.
    if (main.querySelector('[role="alert"]')) { return true; }
    var active = document.activeElement;
    if (active && main.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
      return true;
    }
    if (main.querySelector("details[open]")) { return true; }
    var fields = main.querySelectorAll("textarea, input:not([type=hidden])");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      var changed = (f.type === "checkbox" || f.type === "radio")
        ? f.checked !== f.defaultChecked : f.value !== f.defaultValue;
      if (changed) { return true; }
    }
    // A choice made in a list (a loan's category) is typing too: the list no longer
    // shows what the page came with (its marked option, else its first).
    var lists = main.querySelectorAll("select");
    for (var j = 0; j < lists.length; j++) {
      var came = 0;
      for (var k = 0; k < lists[j].options.length; k++) {
        if (lists[j].options[k].defaultSelected) { came = k; }
      }
      if (lists[j].selectedIndex !== came) { return true; }
    }
    return false;
  }

  function fragmentUrl() {
    var q = new URLSearchParams(location.search);
    q.set("fragment", "1");
    return location.pathname + "?" + q.toString();
  }

  function fetchFragment() {
    return fetch(fragmentUrl(), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) {
        var html = (r.headers.get("Content-Type") || "").indexOf("text/html") === 0;
        return r.ok && !r.redirected && html ? r.text() : null;
      })
      .catch(function () { return null; });
  }

  function swap(html) {
    last = html;
    main.innerHTML = html;
    document.dispatchEvent(new CustomEvent("procnet:updated"));
  }

  // One refresh chain at a time: fetch now, then a few more times until the fragment
  // changes (an office's order status is set by intake, which may read the same event a
  // little after the portal). A note arriving meanwhile extends the chain.
  var running = false, tries = 0, notes = 0;

  function step() {
    if (busy()) { setTimeout(step, 1000); return; }
    var before = last, seen = notes;
    fetchFragment().then(function (html) {
      if (html !== null && busy()) { setTimeout(step, 1000); return; }  // theirs comes first
      var changed = html !== null && html !== before;
      if (changed) { swap(html); }
      var more = !changed || before === null || notes !== seen;
      if (more && tries > 0) { tries -= 1; setTimeout(step, RETRY_MS); } else { running = false; }
    });
  }

  function refresh() {
    notes += 1;
    tries = RETRIES;
    if (!running) { running = true; step(); }
  }

  if (!main || !window.EventSource) { return; }
  fetch("/notifications/unread", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (d) { if (d) { badge(d.unread); } })
    .catch(function () {});

  var source = new EventSource("/live" + (since ? "?since=" + encodeURIComponent(since) : ""));
  source.addEventListener("note", function (event) {
    var note = JSON.parse(event.data);
    badge(location.pathname === "/notifications" ? 0 : note.unread);
    if (matches(note.pages, location.pathname)) { refresh(); }
  });
  document.documentElement.setAttribute("data-live", "on");
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-live", "connected");
  });
})();
