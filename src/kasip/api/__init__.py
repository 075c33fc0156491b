"""The web application: :func:`kasip.api.app.create_app` serves the REST API and the pages.

:mod:`kasip.api.app` joins :mod:`kasip.rest` (``/api/v1``) and :mod:`kasip.web`
(the HTML pages and their ``.json`` twins); :mod:`kasip.api.serve` runs it.
"""
