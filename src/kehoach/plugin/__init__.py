"""The MkDocs side of kehoach: a plugin (`plugins: - kehoach`) that hands MkDocs' events to the core.

Events (`plugin.py`), options (`config.py`), the stand-in for Material's search index
(`search.py`), building into a staging folder (`staging.py`), work on the second core
(`parallel.py`), the offline bundle (`bundle.py`) and the theme files (`theme/`). Nothing in
`kehoach.records`, `kehoach.domain` or `kehoach.content` imports from here or from MkDocs.
"""
