// The case review pack's page while the pack is being made: asks its status every second, says how far it has
// got, and loads the page again (with the download, or the failure) once it is done. Without scripts the page
// offers a link to check again.
const status = document.querySelector("[data-pack-status-url]");

if (status) {
  const url = status.getAttribute("data-pack-status-url");
  const progress = status.querySelector("[data-pack-progress]");

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const job = await response.json();
        if (job.finished) {
          window.location.reload();
          return;
        }
        if (progress && progress.textContent !== job.progress) {
          progress.textContent = job.progress;
        }
      }
    } catch {
      // A moment offline: the next poll tries again.
    }
    window.setTimeout(poll, 1000);
  };

  window.setTimeout(poll, 1000);
}
