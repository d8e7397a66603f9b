"""Typosquatting: is a dependency's name a near miss of a popular package's name?

A name is compared, offline, with the curated list of popular names of its ecosystem
(agents/dependency/data/popular-*.txt) and with the project's other dependencies. The tricks
looked for are those seen in real campaigns: separators moved or dropped, npm scopes flattened,
look-alike characters, an added "python"/"py"/"js"/"2"/... affix, and one slip of the keyboard
(two for long names). Popular names, names shorter than five characters and established
look-alikes are never flagged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal, get_args

from agents.dependency.model import ECOSYSTEM_NPM, ECOSYSTEM_PYPI

Technique = Literal[
    "scope",
    "separator",
    "homoglyph",
    "affix",
    "swapped-characters",
    "repeated-character",
    "omitted-character",
    "added-character",
    "substituted-character",
    "edit-distance",
]

TECHNIQUES: tuple[Technique, ...] = get_args(Technique)
"""In Technique's order, most telling first: when a name matches several targets, the most specific trick wins."""

_TIERS: Mapping[Technique, int] = {"scope": 0, "separator": 0, "homoglyph": 1, "affix": 2}
"""Same letters, then look-alike letters, then affixes, then slips (every other technique)."""

ECOSYSTEMS: tuple[str, ...] = (ECOSYSTEM_PYPI, ECOSYSTEM_NPM)

MIN_LENGTH = 5
"""Shorter names are never flagged: most five-letter-or-less words are one edit from another."""

LONG_NAME = 10
"""Names at least this long (both of them) may be two edits apart instead of one."""

_DATA_FILES: Mapping[str, tuple[str, str]] = {
    ECOSYSTEM_PYPI: ("popular-pypi.txt", "lookalikes-pypi.txt"),
    ECOSYSTEM_NPM: ("popular-npm.txt", "lookalikes-npm.txt"),
}
"""(popular names, established look-alikes) of each ecosystem, in agents/dependency/data/."""

_ADDED_AFFIXES: Mapping[str, tuple[str, ...]] = {
    # Compared with separators removed, so "python-", "-python", "py-" and "-py" are all here.
    ECOSYSTEM_PYPI: ("python", "py", "2", "3", "dev", "lib"),
    ECOSYSTEM_NPM: ("js", "2", "3", "dev", "lib"),
}
_PYTHON_AFFIXES = ("python", "py")
_MIN_CORE = 4
"""The name left when a python/py affix is taken off must be this long to mean anything."""

# Applied to the name as written, before lower-casing, so a capital I can pass for an l.
_LOOK_ALIKES: tuple[tuple[str, str], ...] = (("rn", "m"), ("vv", "w"), ("I", "l"), ("1", "l"), ("0", "o"))

_PEP503 = re.compile(r"[-_.]+")
_NPM_SEPARATORS = re.compile(r"[-_.@/]+")


@dataclass(frozen=True)
class TyposquatMatch:
    """A dependency name that imitates another package's name."""

    name: str
    """The dependency's name, normalised (PEP 503 for PyPI, lower case for npm)."""
    target: str
    """The name it imitates: a popular package, or another dependency of the project."""
    technique: Technique
    distance: int
    """Damerau-Levenshtein (optimal string alignment) distance between the normalised names."""
    popular: bool
    """True when the target is in the curated popular list; False for another of the project's dependencies."""


def normalise(ecosystem: str, name: str) -> str:
    """The spelling names are compared in: PEP 503 for PyPI; lower case for npm, whose registry refuses a new
    name that differs from an existing one only in case."""
    name = name.strip()
    if ecosystem == ECOSYSTEM_PYPI:
        return _PEP503.sub("-", name).lower()
    return name.lower()


def _read_names(ecosystem: str, filename: str) -> tuple[str, ...]:
    """The names of a data file, normalised, in file order; "#" starts a comment."""
    text = (resources.files("agents.dependency") / "data" / filename).read_text(encoding="utf-8")
    names: dict[str, None] = {}
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            names.setdefault(normalise(ecosystem, entry), None)
    return tuple(names)


@functools.cache
def popular_names(ecosystem: str) -> tuple[str, ...]:
    """The curated popular names of an ecosystem, most downloaded first (empty for other ecosystems)."""
    files = _DATA_FILES.get(ecosystem)
    return _read_names(ecosystem, files[0]) if files else ()


@functools.cache
def legitimate_lookalikes(ecosystem: str) -> frozenset[str]:
    """Established projects whose names resemble a popular one (scapy, fastai, ...): never flagged."""
    files = _DATA_FILES.get(ecosystem)
    return frozenset(_read_names(ecosystem, files[1])) if files else frozenset()


def osa_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance in its optimal-string-alignment form: an adjacent swap costs one."""
    if a == b:
        return 0
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def _compact(ecosystem: str, name: str) -> str:
    """The name with every separator (and npm's @ and /) removed."""
    return (_NPM_SEPARATORS if ecosystem == ECOSYSTEM_NPM else _PEP503).sub("", name)


def _look_alike_key(ecosystem: str, written: str) -> str:
    for confusable, meant in _LOOK_ALIKES:
        written = written.replace(confusable, meant)
    return normalise(ecosystem, written)


def _tokens(ecosystem: str, name: str) -> list[str]:
    return [t for t in (_NPM_SEPARATORS if ecosystem == ECOSYSTEM_NPM else _PEP503).split(name) if t]


def _python_affixed(compact: str) -> set[tuple[str, str, str]]:
    """(where, affix, rest) for each python/py prefix or suffix of a compact name whose rest is long enough."""
    found: set[tuple[str, str, str]] = set()
    for affix in _PYTHON_AFFIXES:
        if compact.startswith(affix) and len(compact) - len(affix) >= _MIN_CORE:
            found.add(("prefix", affix, compact[len(affix) :]))
        if compact.endswith(affix) and len(compact) - len(affix) >= _MIN_CORE:
            found.add(("suffix", affix, compact[: -len(affix)]))
    return found


def _python_affix_moved(compact: str, target_compact: str) -> bool:
    """dateutil-python or py-dateutil for python-dateutil: the same affix moved, or python and py swapped."""
    for where, affix, rest in _python_affixed(compact):
        for target_where, target_affix, target_rest in _python_affixed(target_compact):
            if rest == target_rest and (where == target_where) != (affix == target_affix):
                return True
    return False


def _is_affixed(ecosystem: str, compact: str, target_compact: str) -> bool:
    if any(compact in (target_compact + a, a + target_compact) for a in _ADDED_AFFIXES.get(ecosystem, ())):
        return True
    return ecosystem == ECOSYSTEM_PYPI and _python_affix_moved(compact, target_compact)


def _deletions(name: str, depth: int) -> set[str]:
    found = {name}
    frontier = {name}
    for _ in range(depth):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        found |= frontier
    return found


def _edit_limit(a: str, b: str) -> int:
    return 2 if min(len(a), len(b)) >= LONG_NAME else 1


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    rows = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
    neighbours: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            # A staggered keyboard: each key touches two keys of the row above and two of the row below.
            for dr, dc in ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0)):
                if 0 <= r + dr < len(rows) and 0 <= c + dc < len(rows[r + dr]):
                    neighbours.setdefault(key, set()).add(rows[r + dr][c + dc])
    return {key: frozenset(keys) for key, keys in neighbours.items()}


_KEYBOARD_NEIGHBOURS = _keyboard_neighbours()


def _slip(name: str, target: str) -> Technique | None:
    """What single slip turns target into name, if it is one a typist makes (names one OSA edit apart).

    A changed first letter, or a letter added at either end, makes another word more often than a
    typo (unicorn/gunicorn, torchx/torch), so those are not slips; a doubled letter anywhere is.
    """
    if len(name) == len(target) + 1:
        extra = next((i for i in range(len(target)) if name[i] != target[i]), len(target))
        if name[extra] in name[extra - 1 : extra] + name[extra + 1 : extra + 2]:
            return "repeated-character"
        return "added-character" if 0 < extra < len(target) else None
    if len(name) + 1 == len(target):
        missing = next((i for i in range(len(name)) if name[i] != target[i]), len(name))
        return "omitted-character" if missing > 0 else None
    first = next(i for i in range(len(name)) if name[i] != target[i])
    if first + 1 < len(name) and name[first] == target[first + 1] and name[first + 1] == target[first]:
        return "swapped-characters"
    if first > 0 and name[first] in _KEYBOARD_NEIGHBOURS.get(target[first], frozenset()):
        return "substituted-character"
    return None


_WORD_CHANGING_SLIPS: frozenset[Technique | None] = frozenset(
    {"substituted-character", "added-character", "omitted-character"}
)


def _two_slips(name: str, target: str) -> bool:
    """Whether two letters dropped, doubled or swapped turn target into name (long names only)."""

    def slips(word: str) -> set[str]:
        dropped = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
        doubled = {word[: i + 1] + word[i:] for i in range(len(word))}
        swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        return dropped | doubled | swapped

    return any(name in slips(once) for once in slips(target))


def _differs_in_one_short_word(ecosystem: str, name: str, target: str) -> bool:
    """pytest-cov / pytest-csv, aws-cdk / aws-sdk: another short word in a family of names, not a slip.

    An npm scope is an owner's name, not a word of a family: @type/node is still a slip of @types/node.
    """
    name_tokens, target_tokens = _tokens(ecosystem, name), _tokens(ecosystem, target)
    if len(name_tokens) != len(target_tokens) or len(name_tokens) < 2:
        return False
    differing = [i for i, (a, b) in enumerate(zip(name_tokens, target_tokens, strict=True)) if a != b]
    if len(differing) != 1 or (differing[0] == 0 and name.startswith("@") and target.startswith("@")):
        return False
    return max(len(name_tokens[differing[0]]), len(target_tokens[differing[0]])) <= 5


def _technique(ecosystem: str, name: str, written: str, target: str, *, popular: bool) -> Technique | None:
    """How `name` (written as `written`) imitates `target`, or None if it does not.

    Against another of the project's own dependencies (popular=False) only one slip counts, and not
    one in digits alone: acme-api-v1 beside acme-api-v2 is a pair of siblings, not a typo.
    """
    compact, target_compact = _compact(ecosystem, name), _compact(ecosystem, target)
    if compact == target_compact:
        scoped = ecosystem == ECOSYSTEM_NPM and (name.startswith("@") or target.startswith("@"))
        return "scope" if scoped else "separator"
    if _look_alike_key(ecosystem, written) == _look_alike_key(ecosystem, target):
        return "homoglyph"
    # A scope's owner names its own packages (@eslint/js, @prisma/dev): no affix trick there.
    if "/" not in name and _is_affixed(ecosystem, compact, target_compact):
        return "affix"
    limit = _edit_limit(name, target) if popular else 1
    if len(target) < MIN_LENGTH or abs(len(name) - len(target)) > limit:
        return None
    if not popular and re.sub(r"\d", "", name) == re.sub(r"\d", "", target):
        return None
    distance = osa_distance(name, target)
    if distance == 1:
        slip = _slip(name, target)
        # A doubled or swapped letter is a slip even in a short word; another letter may make another word.
        if slip in _WORD_CHANGING_SLIPS and _differs_in_one_short_word(ecosystem, name, target):
            return None
        return slip
    if distance == 2 and limit == 2 and _two_slips(name, target):
        return None if _differs_in_one_short_word(ecosystem, name, target) else "edit-distance"
    return None


@dataclass(frozen=True)
class _PopularIndex:
    """The popular names of one ecosystem, keyed every way a candidate can be looked up."""

    rank: Mapping[str, int]
    by_compact: Mapping[str, tuple[str, ...]]
    by_look_alike: Mapping[str, tuple[str, ...]]
    by_python_rest: Mapping[str, tuple[str, ...]]
    by_deletion: Mapping[str, tuple[str, ...]]

    def candidates(self, ecosystem: str, name: str, written: str) -> Iterator[str]:
        compact = _compact(ecosystem, name)
        yield from self.by_compact.get(compact, ())
        yield from self.by_look_alike.get(_look_alike_key(ecosystem, written), ())
        for affix in _ADDED_AFFIXES.get(ecosystem, ()):
            if compact.startswith(affix):
                yield from self.by_compact.get(compact[len(affix) :], ())
            if compact.endswith(affix):
                yield from self.by_compact.get(compact[: -len(affix)], ())
        if ecosystem == ECOSYSTEM_PYPI:
            for _, _, rest in _python_affixed(compact):
                yield from self.by_python_rest.get(rest, ())
        for deleted in _deletions(name, _edit_limit(name, name)):
            yield from self.by_deletion.get(deleted, ())


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for key, name in pairs:
        groups.setdefault(key, []).append(name)
    return {key: tuple(dict.fromkeys(names)) for key, names in groups.items()}


@functools.cache
def _popular_index(ecosystem: str) -> _PopularIndex:
    return _index_of(ecosystem, popular_names(ecosystem))


@functools.lru_cache(maxsize=8)
def _known_index(ecosystem: str, known: frozenset[str]) -> _PopularIndex:
    """The same index over a project's own dependency names: every name is compared with the others
    through it, not with each in turn (a lockfile lists thousands)."""
    return _index_of(ecosystem, tuple(sorted({normalise(ecosystem, k) for k in known})))


def _index_of(ecosystem: str, names: tuple[str, ...]) -> _PopularIndex:
    return _PopularIndex(
        rank={name: position for position, name in enumerate(names)},
        by_compact=_grouped((_compact(ecosystem, n), n) for n in names),
        by_look_alike=_grouped((_look_alike_key(ecosystem, n), n) for n in names),
        by_python_rest=_grouped((rest, n) for n in names for _, _, rest in _python_affixed(_compact(ecosystem, n))),
        by_deletion=_grouped((d, n) for n in names for d in _deletions(n, _edit_limit(n, n))),
    )


def _preference(match: TyposquatMatch, rank: int) -> tuple[int, int, int, int, int, str]:
    """Sort key of the matches of one name: popular targets first, then by tier, distance and popularity."""
    tier = _TIERS.get(match.technique, 3)
    return (0 if match.popular else 1, tier, match.distance, TECHNIQUES.index(match.technique), rank, match.target)


def likely_typosquat(ecosystem: str, name: str, *, known: Collection[str]) -> TyposquatMatch | None:
    """The popular package (or other dependency in `known`) that `name` seems to imitate, or None.

    `name` is the dependency's name as written (a capital I standing in for an l is a tell);
    `known` holds the project's other dependency names of the same ecosystem, any spelling.
    Only PyPI and npm names are judged. A popular name, an established look-alike or a name
    shorter than five characters is never flagged.
    """
    if ecosystem not in _DATA_FILES:
        return None
    normal = normalise(ecosystem, name)
    index = _popular_index(ecosystem)
    if len(normal) < MIN_LENGTH or normal in index.rank or normal in legitimate_lookalikes(ecosystem):
        return None
    found: list[tuple[tuple[int, int, int, int, int, str], TyposquatMatch]] = []
    written = name.strip()
    for target in dict.fromkeys(index.candidates(ecosystem, normal, written)):
        technique = _technique(ecosystem, normal, written, target, popular=True) if target != normal else None
        if technique is not None:
            match = TyposquatMatch(normal, target, technique, osa_distance(normal, target), popular=True)
            found.append((_preference(match, index.rank[target]), match))
    own = _known_index(ecosystem, known if isinstance(known, frozenset) else frozenset(known))
    for target in sorted(set(own.candidates(ecosystem, normal, written)) - {normal}):
        if target in index.rank:
            continue  # already compared as a popular name
        technique = _technique(ecosystem, normal, written, target, popular=False)
        if technique is not None:
            match = TyposquatMatch(normal, target, technique, osa_distance(normal, target), popular=False)
            found.append((_preference(match, 0), match))
    return min(found, key=lambda pair: pair[0])[1] if found else None
