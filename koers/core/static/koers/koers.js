// Keep keyboard focus where people expect it after an htmx swap: on the first heading or
// element marked data-focus-after-swap inside the swapped content, never lost on <body>.
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  const focusable = target.querySelector("[data-focus-after-swap]") || target.querySelector("h1, h2");
  if (focusable) {
    if (!focusable.hasAttribute("tabindex")) focusable.setAttribute("tabindex", "-1");
    focusable.focus();
  }
});
// Send the CSRF token with every htmx request (the token is in a meta tag, not inline script).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
// A table that scrolls sideways inside its wrapper must be reachable by keyboard (WCAG 2.1.1):
// make every wrapper a focusable region named by its table's caption.
function labelScrollRegions(root) {
  root.querySelectorAll(".koers-table-wrap:not([tabindex])").forEach((wrap, index) => {
    const caption = wrap.querySelector("caption");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    if (caption) {
      if (!caption.id) caption.id = `koers-table-caption-${Date.now()}-${index}`;
      wrap.setAttribute("aria-labelledby", caption.id);
    }
  });
}
document.addEventListener("DOMContentLoaded", () => labelScrollRegions(document));
document.addEventListener("htmx:afterSwap", (event) => labelScrollRegions(event.detail.target));
