// callbrief web pages: live call status, citations, audio synced with the
// transcript, copy for a CRM note. Loaded from the site itself; the pages'
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  var labels = {};
  try { labels = JSON.parse(document.body.getAttribute("data-labels") || "{}"); } catch (e) { labels = {}; }
  function label(key) { return labels[key] || key; }

  // --- live status over Server-Sent Events --------------------------------
  function watch(el) {
    var callId = el.getAttribute("data-call-id");
    if (!callId || !window.EventSource) { return; }
    var source = new EventSource("/ui/calls/" + encodeURIComponent(callId) + "/events");
    source.addEventListener("status", function (event) {
      var status = JSON.parse(event.data);
      var badge = el.querySelector("[data-status]");
      if (badge) {
        badge.textContent = label(status.status);
        badge.className = "badge status-" + status.status;
      }
      var bar = el.querySelector("progress");
      if (bar) { bar.value = status.progress || 0; }
      var stage = el.querySelector("[data-stage]");
      if (stage) { stage.textContent = status.stage ? label(status.stage) : ""; }
      if (status.status === "failed") {
        source.close();
        if (bar) { bar.remove(); }
        if (status.error) {
          var err = document.createElement("span");
          err.className = "error-inline";
          err.textContent = "[" + status.error.code + "] " + status.error.message;
          (badge || el).after(err);
        }
      }
    });
    source.addEventListener("summary", function () {
      source.close();
      var bar = el.querySelector("progress");
      if (bar) { bar.remove(); }
      var stage = el.querySelector("[data-stage]");
      if (stage) { stage.textContent = ""; }
      el.removeAttribute("data-live");
      if (document.body.getAttribute("data-page") === "call") {
        swap("/ui/calls/" + encodeURIComponent(callId) + "/body", document.getElementById("call-body"));
      } else {
        var row = document.getElementById("card-" + callId);
        if (row) {
          swap("/ui/calls/" + encodeURIComponent(callId) + "/card", row.querySelector("td"), function () { row.hidden = false; });
        }
      }
    });
    source.addEventListener("deleted", function () { source.close(); });
  }

  function swap(url, target, done) {
    if (!target) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (!html) { return; }
        target.innerHTML = html;
        target.setAttribute("data-updated", "1");
        if (done) { done(); }
      });
  }

  // --- citations, transcript and audio ------------------------------------
  function showTurn(id) {
    var turn = document.getElementById("turn-" + id);
    if (!turn) { return; }
    document.querySelectorAll(".turn.cited").forEach(function (t) { t.classList.remove("cited"); });
    turn.classList.add("cited");
    turn.scrollIntoView({ block: "center", behavior: "auto" });
    turn.focus({ preventScroll: true });
  }

  function playFrom(seconds) {
    var player = document.getElementById("player");
    if (!player || isNaN(seconds)) { return; }
    player.currentTime = seconds;
    var played = player.play();
    if (played && played.catch) { played.catch(function () {}); }
  }

  document.addEventListener("click", function (event) {
    var cite = event.target.closest(".cite");
    if (cite) { event.preventDefault(); showTurn(cite.getAttribute("data-turn")); return; }
    var mark = event.target.closest(".turn-mark");
    if (mark) { playFrom(parseFloat(mark.getAttribute("data-start"))); showTurn(mark.getAttribute("data-turn")); return; }
    var turn = event.target.closest(".turn");
    if (turn) { playFrom(parseFloat(turn.getAttribute("data-start"))); return; }
    if (event.target.closest("#copy-summary")) { copySummary(); }
  });

  document.addEventListener("keydown", function (event) {
    var turn = event.target.closest && event.target.closest(".turn");
    if (turn && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      playFrom(parseFloat(turn.getAttribute("data-start")));
    }
  });

  document.addEventListener("timeupdate", function (event) {
    if (event.target.id !== "player") { return; }
    var now = event.target.currentTime;
    var current = null;
    document.querySelectorAll(".turn").forEach(function (t) {
      var start = parseFloat(t.getAttribute("data-start"));
      var end = parseFloat(t.getAttribute("data-end"));
      var on = now >= start && now < end;
      t.classList.toggle("current", on);
      if (on) { t.setAttribute("aria-current", "true"); current = t; } else { t.removeAttribute("aria-current"); }
    });
    document.body.setAttribute("data-current-turn", current ? current.id : "");
  }, true);

  // --- copy for a CRM note --------------------------------------------------
  function copySummary() {
    var area = document.getElementById("plain-summary");
    var status = document.getElementById("copy-status");
    var button = document.getElementById("copy-summary");
    if (!area) { return; }
    var text = area.value;
    function done() {
      if (status) { status.textContent = button.getAttribute("data-copied-label") || "Copied"; }
      document.body.setAttribute("data-copied", "1");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { legacyCopy(area); done(); });
    } else {
      legacyCopy(area);
      done();
    }
  }

  function legacyCopy(area) {
    var details = area.closest("details");
    var wasOpen = details ? details.open : true;
    if (details) { details.open = true; }
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays selected for Ctrl+C */ }
    if (details && !wasOpen) { details.open = false; }
  }

  // --- small things ----------------------------------------------------------
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-live][data-call-id]").forEach(watch);
})();
