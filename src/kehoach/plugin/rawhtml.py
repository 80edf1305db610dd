"""HTML our templates wrote already, kept out of Python-Markdown's way.

A record page is mostly HTML made by our templates (tables, lists, badges), with Markdown only for
its headings. Python-Markdown does not convert such HTML but still parses it twice, tag by tag
(MkDocs' scan for anchors, then md_in_html's block extraction): at province size that was about
40 % of the whole build's CPU time. Here each top-level HTML block of a generated page is swapped
for a one-word paragraph before conversion and put back, byte for byte, after it — what
Python-Markdown itself does with a raw HTML block, without the parsing. The anchors the blocks
carry are handed to MkDocs as its scan would have found them, so links into them are still checked.

Only blocks Python-Markdown would pass through untouched are swapped: a line opening a block-level
element, up to the line closing it, followed by a blank line. Anything else (Markdown inside, text
after a closing tag, a block left open) stays for Python-Markdown, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import markdown

# Python-Markdown's own list: a tag it treats as a block when it opens a line.
_BLOCK_TAGS = frozenset(markdown.Markdown().block_level_elements)
_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
# md_in_html converts Markdown inside an element carrying this attribute, with or without a value.
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\smarkdown(?=[\s=>/])")
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


@dataclass
class SetAside:
    """One page's HTML blocks, swapped out of its Markdown."""

    marker: str
    blocks: list[str] = field(default_factory=list)
    anchor_ids: set[str] = field(default_factory=set)

    def restore(self, html: str) -> str:
        """Put every block back where Python-Markdown left its paragraph."""
        if not self.blocks:
            return html
        pattern = re.compile(rf"<p>{self.marker}x(\d+)</p>")
        # As Python-Markdown writes a raw block: a blank line after it, and none at the page's end.
        return pattern.sub(lambda match: self.blocks[int(match.group(1))] + "\n", html).strip()


def set_aside(text: str, page_number: int) -> tuple[str, SetAside]:
    """The page's Markdown with its top-level HTML blocks swapped for paragraphs, and the blocks."""
    # A word no template writes and no Markdown extension changes: letters and digits only.
    aside = SetAside(marker=f"khrawhtml{page_number}")
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        element = _element(lines, index) if _starts_block(lines, index) else None
        if element is None:
            out.append(lines[index])
            index += 1
            continue
        end, passes_through = element
        # Consecutive blocks, each closed at the end of its line, end at the blank line after them:
        # right below a closed block, a line opening another opens a raw block of its own.
        while passes_through and end + 1 < len(lines) and lines[end + 1].strip():
            following = _element(lines, end + 1) if _is_block_line(lines[end + 1]) else None
            if following is None:
                passes_through = False  # text right below the block: Python-Markdown's tail rules
                break
            end, passes_through = following
        if not passes_through:
            out.extend(lines[index : end + 1])  # left to Python-Markdown, as it was
            index = end + 1
            continue
        block = "\n".join(lines[index : end + 1])
        out.append(f"{aside.marker}x{len(aside.blocks)}")
        aside.blocks.append(block)
        aside.anchor_ids.update(a or b for a, b in _ID.findall(block))
        index = end + 1
    return "\n".join(out), aside


def _starts_block(lines: list[str], index: int) -> bool:
    line = lines[index]
    if not line.startswith("<"):
        return False
    match = _OPENING.match(line)
    if match is None or match.group(1).lower() not in _BLOCK_TAGS:
        return False
    # Python-Markdown opens a raw block only where a paragraph could start.
    return index == 0 or not lines[index - 1].strip() or _is_block_line(lines[index - 1])


def _is_block_line(line: str) -> bool:
    match = _OPENING.match(line) if line.startswith("<") else None
    return match is not None and match.group(1).lower() in _BLOCK_TAGS


def _element(lines: list[str], index: int) -> tuple[int, bool] | None:
    """The line closing the element opened at `index`, and whether Python-Markdown would pass the
    element through untouched (no Markdown inside, nothing after its closing tag); None when it
    is not closed."""
    match = _OPENING.match(lines[index])
    assert match is not None
    tag = match.group(1).lower()
    opening = re.compile(rf"<{tag}[\s>/]|</{tag}\s*>", re.IGNORECASE)
    has_markdown = False
    depth = 0
    for line_number in range(index, len(lines)):
        line = lines[line_number]
        has_markdown = has_markdown or _MARKDOWN_ATTRIBUTE.search(line) is not None
        for found in opening.finditer(line):
            depth += -1 if found.group(0).startswith("</") else 1
            if depth == 0:
                return line_number, not has_markdown and not line[found.end() :].strip()
    return None
