// The periodic task admin (django-celery-beat): the chosen crontab in words under its field, in place of the
// read-only translation row.
const readable = document.getElementById("readable-crontabs");
const crontab = document.getElementById("id_crontab");
const help = document.getElementById("id_crontab_helptext");

for (const row of document.querySelectorAll(".field-crontab_translation")) {
  row.style.display = "none";
}

if (readable && crontab && help) {
  const crontabs = JSON.parse(readable.textContent);
  const translation = document.createElement("div");
  help.appendChild(translation);
  const show = () => {
    const words = crontabs[crontab.value];
    translation.textContent = words ? `Translation: ${words}` : "";
  };
  crontab.addEventListener("change", show);
  show();
}
