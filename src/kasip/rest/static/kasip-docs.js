// The API docs page (/api/v1/docs): Swagger UI over kasip's OpenAPI document.
// A file rather than an inline script, so the page passes the site's CSP
// (script-src 'self'); the document's URL comes from the page.
window.addEventListener("DOMContentLoaded", () => {
  "use strict";
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The default validator badge asks a public server; the docs stay offline.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
