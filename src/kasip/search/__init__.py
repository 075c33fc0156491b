"""Find elements and cards: morphology-aware, cross-lingual, typo-tolerant search.

:mod:`~kasip.search.analysis` gives words their keys, :mod:`~kasip.search.entries`
and :mod:`~kasip.search.indexer` keep the index, :mod:`~kasip.search.backend`
asks the database's full-text engine, :mod:`~kasip.search.engine` scores and
shapes the results. :meth:`kasip.registry.Registry.search` is the entry point.
"""
