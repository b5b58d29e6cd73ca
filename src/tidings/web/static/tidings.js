// tidings web face: link an article's text and its coding both ways (hover and click).
// Segments carry data-ev (events whose sentence covers them), data-trig (events they trigger) and
// data-quote; list items carry data-event / data-quote. No library, no network.
(function () {
  "use strict";
  const text = document.getElementById("article-text");
  if (!text) return;

  const byKey = (attr, key) => text.querySelectorAll(`[${attr}~="${key}"]`);
  const eventItem = (key) => document.querySelector(`.event-item[data-event="${key}"]`);
  const quoteItem = (key) => document.querySelector(`.quote-item[data-quote="${key}"]`);

  function activate(key, on) {
    byKey("data-ev", key).forEach((el) => el.classList.toggle("active", on));
    const item = eventItem(key);
    if (item) item.classList.toggle("active", on);
  }
  function activateQuote(key, on) {
    byKey("data-quote", key).forEach((el) => el.classList.toggle("active", on));
    const item = quoteItem(key);
    if (item) item.classList.toggle("active", on);
  }
  function scrollTo(el) {
    if (el) el.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.querySelectorAll(".event-item").forEach((item) => {
    const key = item.dataset.event;
    item.addEventListener("mouseenter", () => activate(key, true));
    item.addEventListener("mouseleave", () => activate(key, false));
    item.addEventListener("focus", () => activate(key, true));
    item.addEventListener("blur", () => activate(key, false));
    item.addEventListener("click", () => scrollTo(byKey("data-ev", key)[0]));
  });
  document.querySelectorAll(".quote-item").forEach((item) => {
    const key = item.dataset.quote;
    item.addEventListener("mouseenter", () => activateQuote(key, true));
    item.addEventListener("mouseleave", () => activateQuote(key, false));
    item.addEventListener("click", () => scrollTo(byKey("data-quote", key)[0]));
  });
  text.querySelectorAll("[data-trig]").forEach((seg) => {
    const keys = seg.dataset.trig.split(" ");
    seg.addEventListener("mouseenter", () => keys.forEach((k) => activate(k, true)));
    seg.addEventListener("mouseleave", () => keys.forEach((k) => activate(k, false)));
    seg.addEventListener("click", () => {
      const item = eventItem(keys[0]);
      if (item) { item.scrollIntoView({ block: "nearest", behavior: "smooth" }); item.focus(); }
    });
  });
})();
