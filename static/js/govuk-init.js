// Starts GOV.UK Frontend's components on every page. The module's address comes from its script tag, so that in
// production it is the fingerprinted file that the page has already loaded.
const frontend = document.querySelector("script[data-govuk-frontend]");

if (frontend) {
  const { initAll } = await import(frontend.getAttribute("src"));
  initAll();
}
