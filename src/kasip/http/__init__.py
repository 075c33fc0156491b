"""What the REST API and the web pages share: parameters, errors, answers, resources.

:mod:`~kasip.http.resources` declares every resource once; :mod:`kasip.rest`
and :mod:`kasip.web` each turn the declarations into routes.
"""
