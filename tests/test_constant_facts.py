"""ConstantFacts: the constant values and dead branches the non-taint security checks rely on."""

from __future__ import annotations

import ast
import textwrap

import pytest

from agents.security.constant_facts import ConstantDict, ConstantFacts, fold
from agents.security.taint.values import NO_CONSTANT


def facts_of(code: str) -> tuple[ConstantFacts, dict[int, list[object]]]:
    """Facts of `code`, and the folded arguments of every `probe(...)` call by line."""
    tree = ast.parse(textwrap.dedent(code))
    probes = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "probe"
    ]
    facts = ConstantFacts(tree, [probe.lineno for probe in probes])
    return facts, {probe.lineno: [facts.value(argument) for argument in probe.args] for probe in probes}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("7 * 18 + 106 > 200", True),
        ("not (1 < 2 < 3)", False),
        ("'a' if 0 else 'b'", "b"),
        ("x if 1 else 'b'", NO_CONSTANT),
        ("'same' if x else 'same'", "same"),
        ("0 or '' or 'last'", "last"),
        ("1 and x", NO_CONSTANT),
        ("0 and x", 0),
        ("(1, 2, 3)[-1]", 3),
        ("(1, 2)[5]", NO_CONSTANT),
        ("{'a': 1}['a']", 1),
        ("{'a': 1}.get('b', 2)", 2),
        ("{'a': 1}.get('b')", None),
        ("{'a': 1}.get(x, 2)", NO_CONSTANT),
        ("'MD5'.lower()", "md5"),
        ("'x' * 10_000", NO_CONSTANT),
        ("f'{1}'", NO_CONSTANT),
        ("{**x}", NO_CONSTANT),
    ],
)
def test_folding(expression: str, value: object) -> None:
    assert fold(ast.parse(expression, mode="eval").body, {}) == value


def test_dict_displays_fold_to_constant_dicts() -> None:
    folded = fold(ast.parse("{'secure': False, 1: 'one'}", mode="eval").body, {})
    assert isinstance(folded, ConstantDict)
    assert (folded.get("secure"), folded.get(1), folded.get(True), folded.get("other")) == (
        False,
        "one",
        NO_CONSTANT,
        NO_CONSTANT,
    )


def test_deeply_nested_expressions_stop_folding_instead_of_recursing() -> None:
    deep = ast.parse("+".join(["1"] * 600), mode="eval").body
    assert fold(deep, {}) is NO_CONSTANT


def test_names_follow_the_statements_in_order() -> None:
    _, values = facts_of(
        """
        MODULE = "md5"
        TWICE = 1
        TWICE = 2

        def f(param, MODULE_SHADOW=None):
            probe(MODULE, TWICE, param)
            value = "a"
            probe(value)
            value = value + "b"
            probe(value)
            value += "c"
            probe(value)
            value = param
            probe(value)
            a, b = 1, 2
            probe(a)

        def g():
            probe(MODULE)
            MODULE = "sha256"
        """
    )
    assert values == {
        7: ["md5", NO_CONSTANT, NO_CONSTANT],
        9: ["a"],
        11: ["ab"],
        13: ["abc"],
        15: [NO_CONSTANT],
        17: [NO_CONSTANT],
        20: [NO_CONSTANT],  # MODULE is local to g: assigned in it, read before
    }


def test_branches_merge_and_loops_forget() -> None:
    _, values = facts_of(
        """
        def f(flag, items):
            same, differ = 1, 1
            same = 1
            differ = 1
            if flag:
                same = "x"
                differ = "x"
                probe(same)
            else:
                same = "x"
                differ = "y"
            probe(same, differ)
            counter = 0
            for item in items:
                probe(counter)
                counter = counter + 1
            probe(counter, item)
            try:
                risky = 1
            except ValueError:
                probe(risky)
            probe(risky)
            with open(flag) as handle:
                kept = 2
            probe(kept, handle)
        """
    )
    assert values[9] == ["x"]
    assert values[13] == ["x", NO_CONSTANT]
    assert values[16] == [NO_CONSTANT]
    assert values[18] == [NO_CONSTANT, NO_CONSTANT]
    assert values[22] == [NO_CONSTANT]
    assert values[23] == [NO_CONSTANT]
    assert values[26] == [2, NO_CONSTANT]


def test_dead_branches() -> None:
    facts, values = facts_of(
        """
        DEBUG = False
        MODE = "prod"

        def f(x):
            if DEBUG:
                dead()
                if x:
                    also_dead()
            elif MODE == "prod":
                probe(MODE)
            else:
                dead_else()
            while DEBUG:
                dead_loop()
            if x:
                live()
            num = 106
            if 7 * 18 + num > 200:
                live_too()
            else:
                dead_fold()
        """
    )
    dead = {line for line in range(1, 23) if facts.is_dead(line)}
    assert dead == {7, 8, 9, 13, 15, 22}
    assert values == {11: ["prod"]}


def test_values_are_only_known_on_lines_of_interest() -> None:
    tree = ast.parse("X = 1\ny = X\n")
    facts = ConstantFacts(tree, [])
    assert facts.value(tree.body[1].value) is NO_CONSTANT  # type: ignore[attr-defined]
