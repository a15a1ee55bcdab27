// Starts GOV.UK Frontend's and MOJ Frontend's components on every page. Each module's address comes from its script
// tag, so that in production it is the fingerprinted file that the page has already loaded.
for (const script of document.querySelectorAll("script[data-frontend-init]")) {
  const { initAll } = await import(script.getAttribute("src"));
  initAll();
}
