"""This repository's wiring: MkDocs' events handed to the packaged adapter (kehoach.plugin).

An office's own records repository uses `plugins: - kehoach` instead (see `kehoach init`); here the
options stay in mkdocs.yml's `extra` (records, examples, as_of), as they always were.
"""

from kehoach.plugin.plugin import KehoachPlugin

_kehoach = KehoachPlugin.from_extra()

on_startup = _kehoach.on_startup
on_config = _kehoach.on_config
on_pre_build = _kehoach.on_pre_build
on_files = _kehoach.on_files
on_nav = _kehoach.on_nav
on_page_read_source = _kehoach.on_page_read_source
on_env = _kehoach.on_env
on_page_markdown = _kehoach.on_page_markdown
on_page_content = _kehoach.on_page_content
on_page_context = _kehoach.on_page_context
on_post_page = _kehoach.on_post_page
on_post_build = _kehoach.on_post_build
on_build_error = _kehoach.on_build_error
on_serve = _kehoach.on_serve
on_shutdown = _kehoach.on_shutdown
