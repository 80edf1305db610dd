"""Jinja templates compiled once per process, not once per build.

The live preview builds the site again on every save, each time with new Jinja environments (ours
for the pages' Markdown, MkDocs' for the theme). Compiling their templates took more than half of a
rebuild of the bundled records. Jinja keys compiled code by the template's name and a checksum of its
source, so an edited template (a theme override) is compiled again; unchanged ones are reused.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledInMemory(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledInMemory()
