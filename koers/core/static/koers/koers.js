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
