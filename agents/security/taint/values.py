"""Abstract values of the taint analysis: what the engine knows about one Python value.

A value is CLEAN (provably not controlled by an attacker: constants, int() results, sanitised
data), UNKNOWN (nothing known: a parameter of an ordinary function, the result of an opaque call on
clean data) or TAINTED (derived from a source such as request data or sys.argv). A tainted value
carries its Taint: where the data entered, the steps it took, which sink kinds it was sanitised for
and whether its path ran through something the engine could not see into.

Values are immutable; containers keep their known elements (list/tuple positions, constant dict
keys) so that a read that provably returns a constant element is clean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Final

CLEAN: Final = 0
UNKNOWN: Final = 1
TAINTED: Final = 2

MAX_STEPS: Final = 20
"""Flow steps kept per finding (source first, sink last), as the findings contract allows."""


class _NoConstant:
    """Marker for "no known constant" (None is a real constant)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_CONSTANT"


NO_CONSTANT: Final = _NoConstant()


@dataclass(frozen=True, slots=True)
class Step:
    """One location of a flow: line (1-based), column as ast counts it (UTF-8 byte offset), what happens there."""

    line: int
    offset: int
    description: str


@dataclass(frozen=True, slots=True)
class Taint:
    source: Step
    steps: tuple[Step, ...]
    """The propagation steps after the source, latest last; at most MAX_STEPS - 1, so that with the
    source a flow never exceeds MAX_STEPS (the sink is the last step once reported)."""
    safe: frozenset[str] = frozenset()
    """Sink kinds this data was sanitised for (e.g. {"xss"} after html.escape)."""
    uncertain: bool = False
    """The path ran through a call or a check the engine cannot see into (medium confidence at a sink)."""

    def then(self, step: Step) -> Taint:
        if self.steps and self.steps[-1] == step:
            return self
        steps = (*self.steps, step)
        if len(steps) > MAX_STEPS - 1:
            # Keep the most recent steps: with the source, the end of the path explains the sink.
            steps = steps[len(steps) - MAX_STEPS + 1 :]
        return replace(self, steps=steps)

    def sanitised(self, kinds: Iterable[str]) -> Taint:
        return replace(self, safe=self.safe | frozenset(kinds))

    def made_uncertain(self) -> Taint:
        return self if self.uncertain else replace(self, uncertain=True)


def join_taints(first: Taint, second: Taint) -> Taint:
    """Either path may happen: keep the more dangerous representative, safe only for what both are safe for."""
    if first is second:
        return first
    safe = first.safe & second.safe
    # Prefer a certain path, then the less sanitised one, then the shorter explanation.
    chosen = min(first, second, key=lambda taint: (taint.uncertain, len(taint.safe), len(taint.steps)))
    uncertain = first.uncertain and second.uncertain
    if chosen.safe == safe and chosen.uncertain == uncertain:
        return chosen
    return replace(chosen, safe=safe, uncertain=uncertain)


@dataclass(frozen=True, slots=True)
class Value:
    level: int
    taint: Taint | None = None
    const: object = NO_CONSTANT
    elems: tuple[Value, ...] | None = None
    """Known elements of a list or tuple, by position."""
    entries: Mapping[object, Value] | None = None
    """Known entries of a dict-like object under constant keys (never mutated once built)."""
    rest: Value | None = None
    """Summary of elements that are not known individually (values of unknown keys, appended after a
    loss of positions)."""
    tag: str | None = None
    """What kind of object this is when it matters to a check ("request", "session", "list", "dict",
    "normalised-path", "sax-parser-unsafe", ...)."""
    prefix: str | None = None
    """The constant start of a string built at run time (f"https://host/{x}" -> "https://host/")."""
    origin: str | None = None
    """The variable this value was derived from by a call whose checks refine that variable (urlparse)."""
    choices: frozenset[object] | None = None
    """The constants this value may be when paths disagree (`"cmd.exe" if windows else "sh"`), at most 8."""

    def possible_constants(self) -> frozenset[object] | None:
        """Every constant this value can be, or None when it may be something else."""
        if self.choices is not None:
            return self.choices
        if hashable(self.const):
            return frozenset((self.const,))
        return None

    @property
    def is_tainted(self) -> bool:
        return self.level == TAINTED

    @property
    def has_constant(self) -> bool:
        return self.const is not NO_CONSTANT

    def with_tag(self, tag: str | None) -> Value:
        return self if self.tag == tag else replace(self, tag=tag)

    def step(self, step: Step) -> Value:
        """The value after moving through `step` (only a tainted value records it)."""
        if self.taint is None:
            return self
        return replace(self, taint=self.taint.then(step))

    def element(self) -> Value:
        """What iterating over this value or reading an unknown index yields."""
        if self.elems is not None or self.entries is not None or self.rest is not None:
            parts = list(self.elems or ())
            if self.entries is not None:
                parts.extend(self.entries.values())
            if self.rest is not None:
                parts.append(self.rest)
            if not parts:
                return CLEAN_VALUE
            return join_all(parts)
        if self.has_constant:
            return constant_elements(self.const)
        if self.taint is not None:
            return Value(TAINTED, self.taint)
        return CLEAN_VALUE if self.level == CLEAN else UNKNOWN_VALUE


MAX_CHOICES: Final = 8


def hashable(value: object) -> bool:
    """Whether `value` is a constant that can be a dict key or a set member."""
    if value is NO_CONSTANT:
        return False
    try:
        hash(value)
    except TypeError:
        return False
    return True


CLEAN_VALUE: Final = Value(CLEAN)
UNKNOWN_VALUE: Final = Value(UNKNOWN)


def constant(value: object) -> Value:
    return Value(CLEAN, const=value)


def tainted(taint: Taint, *, tag: str | None = None) -> Value:
    return Value(TAINTED, taint, tag=tag)


def constant_elements(value: object) -> Value:
    """The join of a constant's elements (iterating over a constant string or tuple)."""
    if isinstance(value, (str, bytes)):
        return CLEAN_VALUE
    if isinstance(value, (tuple, frozenset)) and len(value) <= 64:
        items = [constant(item) for item in value]
        return join_all(items) if items else CLEAN_VALUE
    return CLEAN_VALUE


def join(first: Value, second: Value) -> Value:
    """The value when either of two paths may have produced it."""
    if first is second or first == second:
        return first
    level = max(first.level, second.level)
    if first.taint is not None and second.taint is not None:
        taint: Taint | None = join_taints(first.taint, second.taint)
    else:
        taint = first.taint or second.taint
    const = first.const if first.const == second.const and type(first.const) is type(second.const) else NO_CONSTANT
    elems: tuple[Value, ...] | None = None
    rest: Value | None = None
    if first.elems is not None and second.elems is not None and len(first.elems) == len(second.elems):
        elems = tuple(join(a, b) for a, b in zip(first.elems, second.elems, strict=True))
    elif first.elems is not None or second.elems is not None:
        rest = join_optional(first.element(), second.element())
    entries: dict[object, Value] | None = None
    if first.entries is not None and second.entries is not None:
        entries = dict(first.entries)
        for key, value in second.entries.items():
            entries[key] = join(entries[key], value) if key in entries else value
    elif first.entries is not None or second.entries is not None:
        rest = join_optional(rest, join_optional(first.element(), second.element()))
    if first.rest is not None or second.rest is not None:
        rest = join_optional(rest, join_optional(first.rest, second.rest))
    tag = first.tag if first.tag == second.tag else _join_tags(first.tag, second.tag)
    prefix = _common_prefix(first, second)
    origin = first.origin if first.origin == second.origin else None
    choices: frozenset[object] | None = None
    if const is NO_CONSTANT:
        left, right = first.possible_constants(), second.possible_constants()
        if left is not None and right is not None and len(left | right) <= MAX_CHOICES:
            choices = left | right
    return Value(level, taint, const, elems, entries, rest, tag, prefix, origin, choices)


def join_optional(first: Value | None, second: Value | None) -> Value | None:
    if first is None:
        return second
    if second is None:
        return first
    return join(first, second)


def join_all(values: Iterable[Value]) -> Value:
    result: Value | None = None
    for value in values:
        result = value if result is None else join(result, value)
    return result if result is not None else CLEAN_VALUE


def _join_tags(first: str | None, second: str | None) -> str | None:
    # A parser made unsafe on one path is unsafe; a name imported on one path (and None on the other,
    # `except ImportError: name = None`) is still what the import binds when called; otherwise unknown.
    for tag in (first, second):
        if tag is not None and (tag.endswith("-unsafe") or tag.startswith("module:")):
            return tag
    return None


def _common_prefix(first: Value, second: Value) -> str | None:
    left = first.prefix if first.prefix is not None else (first.const if isinstance(first.const, str) else None)
    right = second.prefix if second.prefix is not None else (second.const if isinstance(second.const, str) else None)
    if left is None or right is None:
        return None
    length = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        length += 1
    return left[:length] if length else None


def same_shape(first: Value, second: Value) -> bool:
    """Whether two values agree on everything the loop fixpoint cares about (not the flow steps)."""
    if first is second:
        return True
    if first.level != second.level or first.tag != second.tag or first.const != second.const:
        return False
    if first.choices != second.choices:
        return False
    if (first.taint is None) != (second.taint is None):
        return False
    if first.taint is not None and second.taint is not None:
        if first.taint.safe != second.taint.safe or first.taint.uncertain != second.taint.uncertain:
            return False
    if (first.elems is None) != (second.elems is None):
        return False
    if first.elems is not None and second.elems is not None:
        if len(first.elems) != len(second.elems):
            return False
        if not all(same_shape(a, b) for a, b in zip(first.elems, second.elems, strict=True)):
            return False
    if (first.entries is None) != (second.entries is None):
        return False
    if first.entries is not None and second.entries is not None:
        if first.entries.keys() != second.entries.keys():
            return False
        if not all(same_shape(value, second.entries[key]) for key, value in first.entries.items()):
            return False
    if (first.rest is None) != (second.rest is None):
        return False
    return first.rest is None or second.rest is None or same_shape(first.rest, second.rest)


def combine(values: Iterable[Value]) -> Value:
    """A new string or object built from several values: as tainted as the most tainted."""
    level, taint = _most_tainted(values)
    return Value(level, taint)


def _most_tainted(values: Iterable[Value]) -> tuple[int, Taint | None]:
    """The highest level among `values` and the join of their taints."""
    level = CLEAN
    taint: Taint | None = None
    for value in values:
        if value.level > level:
            level = value.level
        if value.taint is not None:
            taint = value.taint if taint is None else join_taints(taint, value.taint)
    return level, taint


def container(
    tag: str,
    *,
    elems: tuple[Value, ...] | None = None,
    entries: Mapping[object, Value] | None = None,
    rest: Value | None = None,
) -> Value:
    """A list, tuple, set or dict: as tainted as its most tainted part, constant when all parts are (tuples)."""
    parts: list[Value] = list(elems or ())
    if entries is not None:
        parts.extend(entries.values())
    if rest is not None:
        parts.append(rest)
    level, taint = _most_tainted(parts)
    const: object = NO_CONSTANT
    if tag in ("tuple", "set") and elems is not None and rest is None and len(elems) <= 64:
        if all(part.has_constant for part in elems):
            values = tuple(part.const for part in elems)
            try:
                const = values if tag == "tuple" else frozenset(values)
            except TypeError:
                const = NO_CONSTANT
    return Value(level, taint, const, elems, entries, rest, tag)
