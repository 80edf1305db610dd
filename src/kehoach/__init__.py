"""kehoach: a government plan, its tasks and their progress, from YAML records to a reference site.

The package is the domain core and imports nothing from MkDocs; `hooks/kehoach_hooks.py` adapts it.
"""

__version__ = "0.1.0"
