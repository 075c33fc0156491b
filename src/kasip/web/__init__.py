"""The web application's pages: routes, templates, static files and catalogues."""
