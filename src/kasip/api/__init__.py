"""The REST API and the web application: :func:`kasip.api.app.create_app`."""
