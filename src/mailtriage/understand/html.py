"""HTML to readable text: block structure, lists, table rows and links kept; scripts, styles,
hidden elements and images (tracking pixels) dropped.

The structure is marked by inserting marker characters into the parsed tree with the parser's
own CSS selectors, then the text is read in one call: far faster than walking every node in
Python, which matters because newsletters are large and common.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_INVISIBLE = "script, style, head, title, noscript, template, svg, img, [hidden], [aria-hidden=true]"
_BLOCKS = (
    "p, div, section, article, header, footer, main, aside, nav, blockquote, h1, h2, h3, h4, h5, h6, "
    "ul, ol, dl, dt, dd, table, address, hr, form, fieldset, center, figure, figcaption, caption, pre"
)
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|$)", re.I
)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b\u200c\u200d\ufeff]+")
# Private-use characters stand for the structure until whitespace in the source is collapsed.
_LINE = "\ue000"
_CELL = "\ue001"
_ITEM = "\ue002"
_SPACE = "\ue003"


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in tree.css(_INVISIBLE):
        node.decompose()
    for node in tree.css("[style]"):
        # Hidden text is where spam hides its keywords and newsletters their preheaders.
        if _HIDDEN.search(node.attributes.get("style") or ""):
            node.decompose()
    for node in tree.css("pre"):
        kept = (node.text() or "").replace("\n", _LINE).replace(" ", _SPACE)
        node.replace_with(_LINE + kept + _LINE)
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        label = node.text(deep=True).strip()
        if label and href.startswith(("http://", "https://")) and href not in label:
            node.insert_after(f" ({href})")
    for node in tree.css("br"):
        node.insert_after(_LINE)
    for node in tree.css("li"):
        node.insert_before(_ITEM)
    for node in tree.css("td, th"):
        node.insert_before(_CELL)
    for node in tree.css("tr"):
        node.insert_after(_LINE)
    for node in tree.css(_BLOCKS):
        node.insert_before(_LINE)
        node.insert_after(_LINE)
    text = _SPACES.sub(" ", root.text(deep=True, separator="") or "")
    return _tidy(text.replace(_ITEM, _LINE + "- ")).replace(_SPACE, " ")


def _tidy(text: str) -> str:
    lines = []
    for line in text.split(_LINE):
        if _CELL in line:
            line = " | ".join(c.strip() for c in line.split(_CELL) if c.strip())
        lines.append(line.strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
