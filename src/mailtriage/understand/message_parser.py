"""The MIME structure of a message, exactly as ``email.feedparser.FeedParser`` (compat32) builds it:
the same headers, parts, preambles, epilogues, payloads and defects, several times faster.

The stdlib parser reads its input line by line through layers of generators, and tests every line
of a part against the boundaries of all the parts around it; it is the costliest step in reading
most mail. Here the header block of a single-part message is parsed by its rules and the rest of the
text becomes the payload in one piece; multipart and message/* structures are parsed by the same
algorithm as FeedParser._parsegen (whose comments explain the rules), over a list of the lines, where
only the lines that start with "--" can end a part.
"""

from __future__ import annotations

import email.policy
import re
from email import errors
from email.message import Message
from io import StringIO

_COMPAT32 = email.policy.compat32

# The header block is the run of lines that are fields, continuations or a "From " envelope line
# (email.feedparser.headerRE).
_HEADER_START = r"From |[\041-\071\073-\176]*:|[\t ]"
_HEADER_LINE = re.compile(_HEADER_START)
# Where the header block ends: after a line end that no header line follows. (A "\r" before a "\n" is
# half of one line end.)
_BLOCK_END = re.compile(rf"(?:\r\n|\r(?!\n)|\n)(?!{_HEADER_START})")
# A field with its continuation lines (the last line of the text may have no line end).
_FIELD = re.compile(
    r"([\041-\071\073-\176]+):[ \t]*([^\r\n]*(?:\r\n|\r|\n|\Z)(?:[\t ][^\r\n]*(?:\r\n|\r|\n|\Z))*)"
)
# email.feedparser's NLCRE, NLCRE_bol and NLCRE_eol.
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[str]:
    """The lines as BufferedSubFile splits them: each ends at "\r\n", "\r" or "\n" (the last one may
    have no end)."""
    return StringIO(text, newline="").readlines()


def parse_message(text: str) -> Message:
    """``text``: the message bytes decoded as ASCII with surrogate escapes, as email.message_from_bytes
    reads them."""
    msg, body, envelope_in_body = _parse_head(text)
    if msg.get_content_maintype() in {"multipart", "message"}:
        return _Parser(text).parse(msg, body, envelope_in_body)
    msg.set_payload(envelope_in_body + text[body:])
    return msg


def _parse_head(text: str) -> tuple[Message, int, str]:
    """The message with its headers (and their defects); where its body starts; and the envelope line
    that the parser takes for the first line of the body, or ""."""
    msg = Message(policy=_COMPAT32)
    # The common case, read field by field: an envelope line first perhaps, then fields and their
    # continuations up to a line that is no header line, with no defect to note.
    position = 0
    if text.startswith("From "):
        line_end = _NEWLINE.search(text)
        position = line_end.end() if line_end else len(text)
        msg.set_unixfrom(text[:position].rstrip("\r\n"))
    fields: list[tuple[str, str]] = []
    while found := _FIELD.match(text, position):
        fields.append((found[1], found[2]))
        position = found.end()
    if position < len(text) and _HEADER_LINE.match(text, position):
        # A header line out of the common shapes: a misplaced envelope line, a first line that is a
        # continuation, a colon with no name before it.
        return _parse_odd_head(text)
    for name, value in fields:
        msg.set_raw(name, value.rstrip("\r\n"))
    return msg, _body_start(msg, text, position), ""


def _body_start(msg: Message, text: str, block_end: int) -> int:
    """After the line that ends the header block at ``block_end``: a blank line goes; another line stays,
    the first of the body, with a defect noted."""
    if block_end < len(text):
        if text[block_end] in "\r\n":
            return block_end + (2 if text.startswith("\r\n", block_end) else 1)
        msg.defects.append(errors.MissingHeaderBodySeparatorDefect())
    return block_end


def _parse_odd_head(text: str) -> tuple[Message, int, str]:
    """_parse_head for any header block, line by line."""
    if not _HEADER_LINE.match(text):
        block_end = 0
    else:
        found = _BLOCK_END.search(text)
        block_end = found.end() if found else len(text)
    msg = Message(policy=_COMPAT32)
    body = _body_start(msg, text, block_end)
    return msg, body, _parse_header_lines(msg, _lines(text[:block_end]))


def _parse_header_lines(msg: Message, lines: list[str]) -> str:
    """FeedParser._parse_headers: the fields onto ``msg``, with the defects of odd lines. Returns the
    envelope line that the parser takes for the first line of the body, or ""."""
    name, value = "", ""
    for number, line in enumerate(lines):
        if line[0] in " \t":
            if not name:
                msg.defects.append(errors.FirstHeaderLineIsContinuationDefect(line))
            else:
                value += line
            continue
        if name:
            msg.set_raw(name, value.rstrip("\r\n"))
            name = ""
        if line.startswith("From "):
            if number == 0:
                msg.set_unixfrom(line.rstrip("\r\n"))
            elif number == len(lines) - 1:
                return line  # (after the last field, which is set above)
            else:
                msg.defects.append(errors.MisplacedEnvelopeHeaderDefect(line))
            continue
        colon = line.find(":")
        if colon == 0:
            msg.defects.append(errors.InvalidHeaderDefect("Missing header name."))
            continue
        name, value = line[:colon], line[colon + 1 :].lstrip(" \t")
    if name:
        msg.set_raw(name, value.rstrip("\r\n"))
    return ""


def _cut_line_end(text: str) -> str:
    """``text`` without the line end that it finishes with, as FeedParser cuts it (NLCRE_eol), but
    without a search that the pattern makes from every position of a payload."""
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith(("\r", "\n")) else text


class _Boundary:
    """A part boundary as FeedParser matches a line against it (its boundaryre): "--" and the boundary,
    then perhaps "--" (the closing one), spaces or tabs, and one line end."""

    __slots__ = ("separator",)

    def __init__(self, boundary: str) -> None:
        self.separator = "--" + boundary

    def match(self, line: str) -> tuple[bool, str] | None:
        """(closing, line end) for a boundary line, else None."""
        if not line.startswith(self.separator):
            return None
        rest = line[len(self.separator) :]
        closing = rest.startswith("--")
        rest = rest[2:] if closing else rest
        rest = rest.lstrip(" \t")
        if rest in ("", "\r\n", "\r", "\n"):
            return closing, rest
        return None


class _Parser:
    """FeedParser._parsegen over the whole text at once. Its input, a BufferedSubFile, is the text with
    a position and a stack of lines pushed back; a line that the boundary of an enclosing part (or, in
    message/delivery-status, a blank line) matches reads as the end of the input, as its "false EOF"
    matchers make it. A part's lines are read one by one only where the algorithm looks at each (its
    headers, a preamble); a payload is taken in one piece, up to the next line that ends it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.carriage_returns = "\r" in text  # else every line ends at a "\n"
        self.position = 0  # where the next line starts
        self.pushed: list[str] = []  # read first, the last one first
        self.ends: list[_Boundary | None] = []  # the false-EOF matchers; None: a blank line (NLCRE)
        self.stack: list[Message] = []
        self.current: Message | None = None
        self.last: Message | None = None
        self.payloads: dict[int, str] = {}  # the text payloads set here, by id of their message

    def parse(self, head: Message, body: int, envelope_in_body: str) -> Message:
        """The message whose header block _parse_head has read (by the same rules as _parse_part)."""
        self.stack.append(head)
        self.current = self.last = head
        self.position = body
        if envelope_in_body:
            self._unreadline(envelope_in_body)
        self._parse_body(head)
        root = self._pop()
        if root.get_content_maintype() == "multipart" and not root.is_multipart():
            root.defects.append(errors.MultipartInvariantViolationDefect())
        return root

    # BufferedSubFile

    def _at_end(self, line: str) -> bool:
        for end in reversed(self.ends):
            if (end.match(line) is not None) if end is not None else _NEWLINE.match(line) is not None:
                return True
        return False

    def _line_end(self, start: int) -> int:
        text = self.text
        end = text.find("\n", start)
        if self.carriage_returns:
            cr = text.find("\r", start, None if end < 0 else end)
            if cr >= 0:
                return cr + 2 if text.startswith("\n", cr + 1) else cr + 1
        return len(text) if end < 0 else end + 1

    def _readline(self) -> str:
        """The next line, or "" at the (false) end."""
        if self.pushed:
            line = self.pushed.pop()
        elif self.position < len(self.text):
            end = self._line_end(self.position)
            line = self.text[self.position : end]
            self.position = end
        else:
            return ""
        if self._at_end(line):
            self.pushed.append(line)
            return ""
        return line

    def _unreadline(self, line: str) -> None:
        self.pushed.append(line)

    def _read_rest(self) -> str:
        """Every line up to the (false) end, joined: ``for line in self._input``."""
        rest: list[str] = []
        while self.pushed:
            line = self._readline()
            if not line:
                return "".join(rest)
            rest.append(line)
        if None in self.ends:
            while (line := self._readline()) != "":
                rest.append(line)
            return "".join(rest)
        # Only a line that starts with "--" can match a boundary.
        start = stop = self.position
        text = self.text
        while self.ends and stop < len(text):
            if text.startswith("--", stop) and self._at_end(text[stop : self._line_end(stop)]):
                break
            dashes = text.find("\n--", stop)
            if self.carriage_returns:
                after_cr = text.find("\r--", stop, None if dashes < 0 else dashes)
                dashes = after_cr if after_cr >= 0 else dashes
            stop = dashes + 1 if dashes >= 0 else len(text)
        else:
            stop = len(text)
        self.position = stop
        return "".join(rest) + text[start:stop]

    # FeedParser

    def _new_message(self) -> None:
        msg = Message(policy=_COMPAT32)
        if self.current is not None and self.current.get_content_type() == "multipart/digest":
            msg.set_default_type("message/rfc822")
        if self.stack:
            self.stack[-1].attach(msg)
        self.stack.append(msg)
        self.current = self.last = msg

    def _pop(self) -> Message:
        msg = self.stack.pop()
        self.current = self.stack[-1] if self.stack else None
        return msg

    def _set_text(self, msg: Message, payload: str) -> None:
        msg.set_payload(payload)
        self.payloads[id(msg)] = payload

    def _parse_part(self) -> None:
        self._new_message()
        msg = self.stack[-1]
        headers: list[str] = []
        while line := self._readline():
            if not _HEADER_LINE.match(line):
                if not _NEWLINE.match(line):
                    msg.defects.append(errors.MissingHeaderBodySeparatorDefect())
                    self._unreadline(line)
                break
            headers.append(line)
        if envelope := _parse_header_lines(msg, headers):
            self._unreadline(envelope)
        self._parse_body(msg)

    def _parse_body(self, msg: Message) -> None:
        content_type = msg.get_content_type()  # (each call reads all the headers)
        maintype = content_type.split("/")[0]  # as get_content_maintype splits it
        if content_type == "message/delivery-status":
            while True:
                self.ends.append(None)
                self._parse_part()
                self._pop()
                self.ends.pop()
                self._readline()
                line = self._readline()
                if line == "":
                    break
                self._unreadline(line)
            return
        if maintype == "message":
            self._parse_part()
            self._pop()
            return
        if maintype == "multipart":
            self._parse_multipart(msg)
            return
        self._set_text(msg, self._read_rest())

    def _parse_multipart(self, msg: Message) -> None:
        name = msg.get_boundary()
        if name is None:
            msg.defects.append(errors.NoBoundaryInMultipartDefect())
            self._set_text(msg, self._read_rest())
            return
        if str(msg.get("content-transfer-encoding", "8bit")).lower() not in ("7bit", "8bit", "binary"):
            msg.defects.append(errors.InvalidMultipartContentTransferEncodingDefect())
        boundary = _Boundary(name)
        preamble: list[str] = []
        capturing_preamble = True
        close_seen = False
        line_end = ""
        while True:
            line = self._readline()
            if line == "":
                break
            found = boundary.match(line)
            if found is None:
                preamble.append(line)
                continue
            closing, ending = found
            if closing:
                close_seen, line_end = True, ending
                break
            if capturing_preamble:
                if preamble:
                    preamble[-1] = _cut_line_end(preamble[-1])
                    msg.preamble = "".join(preamble)
                capturing_preamble = False
                self._unreadline(line)
                continue
            while True:
                line = self._readline()
                if boundary.match(line) is None:
                    self._unreadline(line)
                    break
            self.ends.append(boundary)
            self._parse_part()
            last = self.last
            assert last is not None
            if last.get_content_maintype() == "multipart":
                epilogue = last.epilogue
                if epilogue == "":
                    last.epilogue = None
                elif epilogue is not None:
                    last.epilogue = _cut_line_end(epilogue)
            else:
                payload = self.payloads.get(id(last))
                if payload is not None:
                    self._set_text(last, _cut_line_end(payload))
            self.ends.pop()
            self._pop()
            self.last = self.current
        if capturing_preamble:
            msg.defects.append(errors.StartBoundaryNotFoundDefect())
            self._set_text(msg, "".join(preamble))
            self._read_rest()
            msg.epilogue = ""
            return
        if not close_seen:
            msg.defects.append(errors.CloseBoundaryNotFoundDefect())
            return
        # The epilogue starts with an empty line when the closing boundary had a line end; a line end
        # that starts its first line goes (BufferedSubFile lines: "".join then strip, line by line).
        rest = self._read_rest()
        if line_end:
            msg.epilogue = rest
        else:
            starts = _NEWLINE.match(rest)
            msg.epilogue = rest[len(starts.group(0)) :] if starts else rest
