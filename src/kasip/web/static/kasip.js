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

  // The theory test (/attempts/{id}): each answer is sent as it is given, the
  // clock counts down the seconds the server gave, and the test is finished
  // when they run out. The server keeps the time; this only shows it.
  const sitTest = (form) => {
    const status = document.getElementById("save-status");
    const finish = document.getElementById("finish");
    const say = (text) => { if (status) status.textContent = text; };
    const send = (fieldset) => {
      const data = new FormData();
      data.append("csrf", form.elements.csrf.value);
      data.append("only", fieldset.dataset.question);
      data.append("shown", fieldset.dataset.question);
      for (const input of fieldset.querySelectorAll("input[name^='q-']")) {
        if (input.type === "text" || input.checked) data.append(input.name, input.value);
      }
      // One question's saves go one after another: a later answer never lands
      // before an earlier one and is never overwritten by it.
      const id = fieldset.dataset.question;
      queues[id] = (queues[id] || Promise.resolve())
        .then(() => fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" } }))
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((saved) => say(`${form.dataset.saved || "Saved"} ${saved.saved_at ? saved.saved_at.slice(11, 19) : ""}`))
        .catch(() => say(form.dataset.unsaved || "Not saved"));
    };
    const queues = {};
    let typing = null;
    form.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset[data-question]");
      if (fieldset) send(fieldset);
    });
    form.addEventListener("input", (event) => {
      const fieldset = event.target.closest("fieldset[data-question]");
      if (!fieldset || event.target.type !== "text") return;
      clearTimeout(typing);
      typing = setTimeout(() => send(fieldset), 800);
    });
    if (finish) {
      finish.addEventListener("click", (event) => {
        if (!window.confirm(finish.dataset.confirm)) event.preventDefault();
      });
    }
    const clock = document.getElementById("clock");
    if (!clock) return;
    const shown = clock.querySelector("strong");
    const end = Date.now() + Number(clock.dataset.secondsLeft) * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      shown.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (left > 0) { setTimeout(tick, 1000); return; }
      // Time is up: send what the form holds; the server ends the test at its deadline.
      form.action = finish ? finish.formAction : form.action;
      form.submit();
    };
    tick();
  };

  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button[data-details]")) {
      button.hidden = false;
      button.addEventListener("click", () => setAll(button.dataset.details === "open"));
    }
    openTarget();
    const test = document.querySelector("form[data-autosave]");
    if (test) sitTest(test);
  });
})();
