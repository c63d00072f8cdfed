"""The document: what a section notebook calls (``section``, ``display``, ``charts``,
``board_view``), and the export of the executed notebooks into one offline HTML.
Imports from ``narrative``, ``board``, ``indicators`` and ``sources``."""
