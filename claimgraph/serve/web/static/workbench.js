// Marks the claim being inspected, in the text and in the side panel (htmx loads its details).
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target.closest("[data-claim]") : null;
  if (!target || !target.closest("#article-text, .claims")) return;
  var id = target.getAttribute("data-claim");
  document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
  document.querySelectorAll("#article-text [data-claim], .claims [data-claim]").forEach(function (el) {
    if (el.getAttribute("data-claim") === id) el.classList.add("selected");
  });
});
// Keyboard users open a claim with Enter or Space, as with a button.
document.addEventListener("keydown", function (event) {
  var el = event.target instanceof Element ? event.target : null;
  if (el && el.matches("#article-text [data-claim]") && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    el.click();
  }
});
// Lets tests (and users' tools) see that htmx has wired up the page.
document.addEventListener("htmx:load", function () { document.body.setAttribute("data-htmx-ready", "true"); }, { once: true });
