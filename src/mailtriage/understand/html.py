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
# _INVISIBLE without the attribute selectors, which are added only when the source has the attribute.
_INVISIBLE_TAGS = ", ".join(selector for selector in _INVISIBLE.split(", ") if not selector.startswith("["))
_INVISIBLE_ATTRIBUTES = {  # attribute name: selector
    selector[1:-1].partition("=")[0]: selector
    for selector in _INVISIBLE.split(", ")
    if selector.startswith("[")
}
_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|$)", re.I
)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b\u200c\u200d\ufeff]+")
# The characters on which _SPACES and str.split disagree: whitespace to one of them only.
_SPLIT_DISAGREES = re.compile("[\x1c-\x1f\x85\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u3000\ufeff]")
# Three newlines or more; spelt so that the search can skip to each literal "\n\n\n" (\n{3,} cannot).
_BLANK_LINES = re.compile("\n\n\n+")
# Private-use characters stand for the structure until whitespace in the source is collapsed.
_LINE = "\ue000"
_CELL = "\ue001"
_ITEM = "\ue002"
_SPACE = "\ue003"
# The markers that go around an element by its tag alone: before it, after it. (As UTF-8: the parser
# takes text as bytes, and would encode each one on every insertion.)
_MARKS = {
    "br": (b"", _LINE.encode()),
    "li": (_ITEM.encode(), b""),
    "td": (_CELL.encode(), b""),
    "th": (_CELL.encode(), b""),
    "tr": (b"", _LINE.encode()),
    **{tag: (_LINE.encode(), _LINE.encode()) for tag in _BLOCKS.split(", ")},
}


def _hides(style: str) -> bool:
    # The pattern tries three words at every position; in ASCII (which matches case-insensitively
    # exactly as lower() maps it) a substring test rules most styles out first.
    if style.isascii():
        lowered = style.lower()
        if "display" not in lowered and "visibility" not in lowered and "font-size" not in lowered:
            return False
    return _HIDDEN.search(style) is not None


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None or tree.root is None:
        return ""
    # Every query walks the whole tree, so one that the source shows cannot match is not run: an
    # attribute, or a pre element, comes only from its own name in the source, in ASCII letters of any
    # case. (Bytes are lower-cased much faster than text, and only in ASCII, as the names are matched.)
    lowered = html.encode("utf-8", "surrogatepass").lower()
    attributes = [selector for name, selector in _INVISIBLE_ATTRIBUTES.items() if name.encode() in lowered]
    for node in tree.css(", ".join([_INVISIBLE_TAGS, *attributes])):
        node.decompose()
    if b"style" in lowered:
        for node in tree.css("[style]"):
            # Hidden text is where spam hides its keywords and newsletters their preheaders.
            if _hides(node.attrs.get("style") or ""):
                node.decompose()
    if b"<pre" in lowered:
        for node in tree.css("pre"):
            kept = (node.text() or "").replace("\n", _LINE).replace(" ", _SPACE)
            node.replace_with(_LINE + kept + _LINE)
    if b"href" in lowered:
        for node in tree.css("a[href]"):
            href = (node.attrs.get("href") or "").strip()
            label = node.text(deep=True).strip()
            if label and href.startswith(("http://", "https://")) and href not in label:
                node.insert_after(f" ({href})")
    # The markers that go by the tag alone, in one walk over the elements rather than a query (a walk
    # over the whole tree) per kind: each element gets at most one marker on either side, so the order
    # of the insertions does not matter.
    for node in list(tree.root.traverse()):
        marks = _MARKS.get(node.tag or "")
        if marks is not None:
            before, after = marks
            if before:
                node.insert_before(before)
            if after:
                node.insert_after(after)
    text = root.text(deep=True, separator="") or ""
    # Whitespace runs become one space. str.split does that several times faster than the pattern,
    # where the two agree on what whitespace is (the spaces they would leave at either end go in _tidy).
    text = _SPACES.sub(" ", text) if _SPLIT_DISAGREES.search(text) else " ".join(text.split())
    return _tidy(text.replace(_ITEM, _LINE + "- ")).replace(_SPACE, " ")


def _cells(line: str) -> str:
    return " | ".join(c.strip() for c in line.split(_CELL) if c.strip())


def _tidy(text: str) -> str:
    if _CELL in text:
        lines = [(_cells(line) if _CELL in line else line).strip() for line in text.split(_LINE)]
    else:
        lines = [line.strip() for line in text.split(_LINE)]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
