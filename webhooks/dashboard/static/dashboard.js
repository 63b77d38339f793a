// Live updates: the WebSocket pushes new entries and the bot's replies; a new entry is added to the
// day book and today's total is refreshed from the server-rendered page on the next load.
(function () {
  "use strict";
  var book = document.getElementById("daybook");
  if (!book || !window.WebSocket) { return; }
  var proto = location.protocol === "https:" ? "wss://" : "ws://";
  var rupees = new Intl.NumberFormat(document.documentElement.lang + "-IN",
                                     { style: "currency", currency: "INR", numberingSystem: "latn" });
  var live = document.createElement("p");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.className = "muted";
  book.parentNode.insertBefore(live, book);
  function connect(delay) {
    var socket = new WebSocket(proto + location.host + "/api/v1/live");
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.type === "entry") {
        var e = event.entry;
        var row = document.createElement("p");
        row.className = "fresh";
        row.textContent = e.number + " " + (e.party || "") + " " + rupees.format(e.total);
        book.insertBefore(row, book.firstChild);
        live.textContent = row.textContent;
      } else if (event.type === "reply") {
        live.textContent = event.text;
      }
    };
    socket.onclose = function () { setTimeout(function () { connect(Math.min(delay * 2, 30000)); }, delay); };
  }
  connect(2000);
})();
