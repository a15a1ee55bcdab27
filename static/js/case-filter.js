// The case list's filter panel: MOJ Frontend's filter toggle button ("Show filter" / "Hide filter"). Shown at first
// on wide screens, hidden at first on narrow ones where it opens over the list; without JavaScript it simply shows.
const script = document.querySelector("script[data-moj-frontend]");
const panel = document.getElementById("case-filter");
if (script && panel) {
  const { FilterToggleButton } = await import(script.dataset.mojFrontend);
  new FilterToggleButton(panel, {
    bigModeMediaQuery: "(min-width: 48.0625em)",
    startHidden: !window.matchMedia("(min-width: 48.0625em)").matches,
    toggleButton: { showText: "Show filter", hideText: "Hide filter", classes: "govuk-button--secondary" },
    closeButton: { text: "Close", classes: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0" },
  });
}
