"""Indicators: the catalogue's figures, one module per domain, each a pure function from an
``Extract`` to tidy frames (``frames.INDICATOR_COLUMNS``); ``registry.compute_all`` runs them all.
Imports from ``sources`` only."""
