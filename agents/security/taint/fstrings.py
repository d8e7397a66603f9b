"""Reading Python 3.12 f-strings on older interpreters.

Python 3.12 (PEP 701) lets an f-string's replacement field reuse the f-string's own quote:
`f'{data.decode('utf-8')}'`. Python 3.10 and 3.11 reject that, so a scanner running on them would
skip the whole file. `requote_nested_fstrings` rewrites such nested literals to the other quote
(`f'{data.decode("utf-8")}'`), character for character in place, so every line and column of the
rewritten text is the original's; the result is only parsed, never run. Anything it cannot rewrite
safely (a nested literal containing the other quote or a backslash, a nested f-string reusing the
quote) leaves the text as it was.
"""

from __future__ import annotations

from typing import Final

_PREFIX_LETTERS: Final = frozenset("rRbBuUfF")
_OTHER_QUOTE: Final = {"'": '"', '"': "'"}


class _CannotRewrite(Exception):
    pass


def requote_nested_fstrings(text: str) -> str | None:
    """`text` with same-quote literals inside f-string fields requoted, or None if nothing changed or
    the text cannot be rewritten safely."""
    characters = list(text)
    try:
        changed = _Rewriter(text, characters).run()
    except _CannotRewrite:
        return None
    return "".join(characters) if changed else None


class _Rewriter:
    def __init__(self, text: str, characters: list[str]) -> None:
        self.text = text
        self.characters = characters
        self.changed = False

    def run(self) -> bool:
        text = self.text
        index = 0
        length = len(text)
        while index < length:
            character = text[index]
            if character == "#":
                end = text.find("\n", index)
                index = length if end < 0 else end
            elif character in "'\"":
                prefix = self._prefix_before(index)
                index = self._string(index, prefix)
            else:
                index += 1
        return self.changed

    def _prefix_before(self, quote_index: int) -> str:
        start = quote_index
        while start > 0 and self.text[start - 1] in _PREFIX_LETTERS and quote_index - start < 2:
            start -= 1
        if start > 0 and (self.text[start - 1].isalnum() or self.text[start - 1] == "_"):
            return ""  # the letters end a name, they are not a string prefix
        return self.text[start:quote_index].lower()

    def _string(self, start: int, prefix: str) -> int:
        """Skip (and in f-strings, rewrite) the literal starting at `start`; returns the index after it."""
        text = self.text
        quote = text[start] * 3 if text.startswith(text[start] * 3, start) else text[start]
        raw = "r" in prefix
        if "f" not in prefix:
            return self._end_of_plain(start + len(quote), quote, raw)
        return self._fstring(start + len(quote), quote, raw)

    def _end_of_plain(self, index: int, quote: str, raw: bool) -> int:
        text = self.text
        while index < len(text):
            if text[index] == "\\":
                index += 2
                continue
            if text.startswith(quote, index):
                return index + len(quote)
            if text[index] == "\n" and len(quote) == 1:
                return index  # unterminated: let the parser report it
            index += 1
        return index

    def _fstring(self, index: int, quote: str, raw: bool) -> int:
        text = self.text
        while index < len(text):
            character = text[index]
            if character == "\\" and not raw:
                index += 2
                continue
            if text.startswith(quote, index):
                return index + len(quote)
            if character == "\n" and len(quote) == 1:
                return index
            if character == "{":
                if text.startswith("{{", index):
                    index += 2
                    continue
                index = self._field(index + 1, quote)
                continue
            index += 1
        return index

    def _field(self, index: int, quote: str) -> int:
        """A replacement field from after its `{` to after its `}`."""
        text = self.text
        depth = 0
        while index < len(text):
            character = text[index]
            if character in "([{":
                depth += 1
            elif character in ")]":
                depth -= 1
            elif character == "}":
                if depth == 0:
                    return index + 1
                depth -= 1
            elif character in "'\"":
                prefix = self._prefix_before(index)
                index = self._nested_literal(index, quote, prefix)
                continue
            elif character == "\n" and len(quote) == 1:
                raise _CannotRewrite  # a 3.12 multi-line field in a one-line f-string
            index += 1
        return index

    def _nested_literal(self, start: int, outer_quote: str, prefix: str) -> int:
        text = self.text
        nested = text[start]
        if nested != outer_quote[0] or len(outer_quote) == 3:
            # A literal with the other quote (valid before 3.12), or inside a triple-quoted f-string.
            if "f" in prefix:
                return self._string(start, prefix)
            return self._end_of_plain(start + 1, nested * 3 if text.startswith(nested * 3, start) else nested, True)
        if "f" in prefix or text.startswith(nested * 3, start):
            raise _CannotRewrite
        end = start + 1
        while end < len(text) and text[end] != nested:
            if text[end] in "\\\n" or text[end] == _OTHER_QUOTE[nested]:
                raise _CannotRewrite
            end += 1
        if end >= len(text):
            raise _CannotRewrite
        replacement = _OTHER_QUOTE[nested]
        self.characters[start] = replacement
        self.characters[end] = replacement
        self.changed = True
        return end + 1
