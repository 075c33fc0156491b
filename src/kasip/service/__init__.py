"""Services: pure functions over a :class:`~kasip.store.Registry` for the adapters.

Each page of the web application and each resource of the REST API is built
by one function here (see :mod:`kasip.service.pages`), so that a page and its
JSON twin are the same data (style guide §1).
"""
