// kasip: small enhancements of the server-rendered pages; every page works without them.
(() => {
  "use strict";

  // A permalink may point inside a closed <details>: open the ones that hold it.
  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) {
      d.open = true;
    }
    target.scrollIntoView({ block: "start" });
  };

  const setAll = (open) => {
    for (const d of document.querySelectorAll("main details")) d.open = open;
  };

  // Print every task, not only the open ones; restore the reader's view afterwards.
  let openBeforePrint = [];
  window.addEventListener("beforeprint", () => {
    openBeforePrint = [...document.querySelectorAll("main details")].map((d) => d.open);
    setAll(true);
  });
  window.addEventListener("afterprint", () => {
    document.querySelectorAll("main details").forEach((d, i) => { d.open = openBeforePrint[i] ?? d.open; });
  });

  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button[data-details]")) {
      button.hidden = false;
      button.addEventListener("click", () => setAll(button.dataset.details === "open"));
    }
    openTarget();
  });
})();
