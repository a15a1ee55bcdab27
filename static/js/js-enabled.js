// Runs first thing in the body, before it is drawn, so that GOV.UK Frontend's styles for pages with scripts apply
// from the start (a file rather than an inline script: the Content-Security-Policy allows no inline script).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
