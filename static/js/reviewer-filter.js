// The peer review request: the reviewer list narrowed to the group that reviews. Choosing "Another locality's JAG"
// lists the JAGs' chairs and members (only the chosen JAG's once one is chosen); choosing the County Community Safety
// Team lists its officers. Without JavaScript every group is listed and the server checks the reviewer belongs to
// the group chosen.
const script = document.querySelector("script[data-county-group]");
const form = document.querySelector("select[name=reviewer]")?.form;
if (script && form) {
  const reviewer = form.querySelector("select[name=reviewer]");
  const jag = form.querySelector("select[name=reviewer_jag]");
  const county = script.dataset.countyGroup;

  const narrow = () => {
    const kind = form.querySelector("input[name=reviewer_kind]:checked")?.value;
    const chosenJag = jag && jag.value ? jag.options[jag.selectedIndex].text : "";
    for (const group of reviewer.querySelectorAll("optgroup")) {
      let shown = true;
      if (kind === "county") shown = group.label === county;
      else if (kind === "jag") shown = group.label !== county && (!chosenJag || group.label === chosenJag);
      group.hidden = !shown;
      group.disabled = !shown;
    }
    const selected = reviewer.options[reviewer.selectedIndex];
    if (selected && selected.parentElement.disabled) reviewer.value = "";
  };

  form.addEventListener("change", (event) => {
    if (event.target.name === "reviewer_kind" || event.target === jag) narrow();
  });
  narrow();
}
