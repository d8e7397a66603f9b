"""The performance agent: every rule on code it must flag and on look-alike code it must leave alone.

Each snippet marks the lines it expects findings on with '# expect: PRFnnn' (a rule id once per
finding); a snippet passes only if the agent reports exactly those findings, so positives and
negatives are checked together.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.base import Agent, AgentContext, Skipped, SourceFile, load_agent
from agents.performance.agent import AGENT
from agents.performance.checks import check_source
from agents.performance.rules import RULES
from analyzer.findings import Finding, Severity

_EXPECT = re.compile(r"#\s*expect:\s*((?:PRF\d{3}[ ,]*)+)")


def analyse(code: str) -> list[Finding]:
    outcome = check_source(SourceFile("example.py", textwrap.dedent(code)))
    assert not isinstance(outcome, Skipped), outcome
    return outcome


def expected_findings(code: str) -> Counter[tuple[str, int]]:
    expected: Counter[tuple[str, int]] = Counter()
    for number, line in enumerate(textwrap.dedent(code).splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            expected.update((rule_id, number) for rule_id in re.findall(r"PRF\d{3}", match.group(1)))
    return expected


def assert_marked(code: str) -> list[Finding]:
    findings = analyse(code)
    actual = Counter((f.rule_id, f.location.line) for f in findings)
    assert actual == expected_findings(code)
    return findings


# ---------------------------------------------------------------------------
# PRF001 concatenation in a loop


def test_str_concatenation_in_for_loop_is_flagged() -> None:
    findings = assert_marked(
        """
        def render(rows):
            text = ""
            for row in rows:
                text += str(row)  # expect: PRF001
            return text
        """
    )
    assert "'text'" in findings[0].message
    assert "join" in findings[0].message
    assert findings[0].severity is Severity.MEDIUM
    assert findings[0].cwe == (1050,)


def test_rebinding_concatenation_and_fstring_start_are_flagged() -> None:
    assert_marked(
        """
        def render(rows, name):
            text = f"{name}: "
            i = 0
            while i < len(rows):
                text = text + rows[i] + ", "  # expect: PRF001
                i += 1
            return text
        """
    )


def test_bytes_and_tuple_accumulators_are_flagged_with_their_own_advice() -> None:
    findings = assert_marked(
        """
        def receive(sock, items):
            data = b""
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk  # expect: PRF001
            seen = ()
            for item in items:
                seen += (item,)  # expect: PRF001
            return data, seen
        """
    )
    messages = sorted(f.message for f in findings)
    assert "bytearray" in messages[0]
    assert "tuple" in messages[1]


def test_list_rebuilt_with_plus_is_flagged_but_list_augmented_add_is_not() -> None:
    assert_marked(
        """
        def gather(groups):
            rebuilt = []
            in_place = []
            for group in groups:
                rebuilt = rebuilt + [group]  # expect: PRF001
                in_place += [group]
            return rebuilt, in_place
        """
    )


def test_several_concatenations_of_one_variable_in_one_loop_are_one_finding() -> None:
    findings = assert_marked(
        """
        def report(hosts):
            out = ""
            for host in hosts:
                out += host.name  # expect: PRF001
                if host.port:
                    out += ":" + str(host.port)
                out += "\\n"
            return out
        """
    )
    assert findings[0].properties == {"variable": "out", "sites": 3}
    assert "2 more such sites" in findings[0].message


def test_concatenation_not_provably_str_is_not_flagged() -> None:
    assert_marked(
        """
        def totals(prices, parts, other):
            total = 0
            for price in prices:
                total += price
            combined = other
            for part in parts:
                combined += part
            for part in parts:
                unknown += part
            return total, combined

        def param(text, parts):
            for part in parts:
                text += part
            return text
        """
    )


def test_str_variable_also_bound_to_a_non_str_is_not_flagged() -> None:
    assert_marked(
        """
        def build(parts, use_list):
            out = ""
            if use_list:
                out = []
            for part in parts:
                out += part
            return out
        """
    )


def test_concatenation_outside_loops_or_in_tiny_or_single_pass_loops_is_not_flagged() -> None:
    assert_marked(
        """
        def label(first: str, last, parts):
            name = ""
            name += first
            name += " " + last
            for part in ("a", "b", "c"):
                name += part
            for index in range(3):
                name += str(index)
            for part in parts:
                if part.endswith("!"):
                    name += part
                    break
            for part in parts:
                name += part
                return name
            return name
        """
    )


def test_accumulator_reset_on_every_iteration_is_not_flagged() -> None:
    assert_marked(
        """
        def lines(rows):
            out = []
            for row in rows:
                line = ""
                line += row.key
                line += "="
                out.append(line)
            return out
        """
    )


def test_accumulator_reset_in_outer_loop_is_still_flagged_in_inner_loop() -> None:
    assert_marked(
        """
        def table(rows):
            out = []
            for row in rows:
                line = ""
                for cell in row:
                    line += cell  # expect: PRF001
                out.append(line)
            return out
        """
    )


def test_nested_function_concatenation_belongs_to_its_own_scope() -> None:
    assert_marked(
        """
        def outer(items):
            text = ""
            def inner(values):
                for value in values:
                    text += value
            return inner
        """
    )


# ---------------------------------------------------------------------------
# PRF002 / PRF018 membership tests


def test_membership_in_unchanging_list_is_flagged() -> None:
    findings = assert_marked(
        """
        def grant(requests, admins):
            allowed = [admin.name for admin in admins]
            granted = []
            for request in requests:
                if request.user in allowed:  # expect: PRF002
                    granted.append(request)
            return granted
        """
    )
    assert "'allowed'" in findings[0].message
    assert "`request.user in allowed`" in findings[0].message
    assert findings[0].properties["variable"] == "allowed"


def test_membership_in_comprehension_and_list_call_is_flagged() -> None:
    assert_marked(
        """
        import os

        def missing(wanted, folder, names):
            present = os.listdir(folder)
            known = list(names)
            return [w for w in wanted if w not in present], [n for n in names if n in known]  # expect: PRF002 PRF002
        """
    )


def test_membership_in_module_level_list_from_a_function_loop_is_flagged() -> None:
    assert_marked(
        """
        BLOCKED = sorted(load_blocklist())

        def filter_users(users):
            return [user for user in users if user not in BLOCKED]  # expect: PRF002
        """
    )


def test_list_grown_before_the_loop_has_unknown_size_and_is_flagged() -> None:
    assert_marked(
        """
        def compare(first, second):
            seen = []
            for item in first:
                seen.append(item)
            common = []
            for item in second:
                if item in seen:  # expect: PRF002
                    common.append(item)
            return common
        """
    )


def test_membership_against_sets_dicts_strings_and_params_is_not_flagged() -> None:
    assert_marked(
        """
        def check(items, given):
            allowed = {"a", "b"}
            mapping = {"a": 1}
            letters = "abcdef"
            frozen = frozenset(items)
            for item in items:
                if item in allowed or item in mapping or item in letters or item in frozen or item in given:
                    pass
                if item in ("x", "y"):
                    pass
                if item in ["p", "q", "r"]:
                    pass
        """
    )


def test_small_literal_list_names_are_not_flagged() -> None:
    assert_marked(
        """
        def check(items):
            few = ["a", "b", "c"]
            for item in items:
                if item in few:
                    pass
        """
    )


def test_list_modified_inside_the_loop_is_not_flagged() -> None:
    assert_marked(
        """
        def walk(items, extra):
            pending = list(extra)
            for item in items:
                if item in pending:
                    pending.remove(item)
            queue = list(extra)
            for item in items:
                if item in queue:
                    continue
                queue = queue + [item]  # expect: PRF001
            other = list(extra)
            for item in items:
                if item in other:
                    other[0] = item
            handed = list(extra)
            for item in items:
                if item in handed:
                    mutate(handed)
        """
    )


def test_aliased_list_or_list_mutated_by_a_closure_is_not_flagged() -> None:
    assert_marked(
        """
        def alias(items, extra):
            names = list(extra)
            same = names
            for item in items:
                same.append(item)
                if item in names:
                    pass

        def closure(items, extra):
            names = list(extra)
            def add(value):
                names.append(value)
            for item in items:
                add(item)
                if item in names:
                    pass
        """
    )


def test_list_with_unhashable_items_is_not_flagged() -> None:
    assert_marked(
        """
        def pairs(items, rows):
            known = [[row.a, row.b] for row in rows]
            for item in items:
                if item in known:
                    pass
        """
    )


def test_list_rebuilt_per_outer_iteration_is_flagged_for_the_inner_loop() -> None:
    assert_marked(
        """
        def match(groups, items):
            for group in groups:
                members = [m.id for m in group]
                for item in items:
                    if item in members:  # expect: PRF002
                        pass
        """
    )


def test_long_constant_literals_are_an_info_finding() -> None:
    findings = assert_marked(
        """
        IMAGE_TYPES = (".png", ".jpg", ".gif", ".bmp", ".tiff", ".webp", ".svg", ".ico")

        def images(names):
            found = []
            for name in names:
                if name in IMAGE_TYPES:  # expect: PRF018
                    found.append(name)
                if name.lower() in [1, 2, 3, 4, 5, 6, 7, 8, 9]:  # expect: PRF018
                    found.append(name)
            return found
        """
    )
    assert {f.severity for f in findings} == {Severity.INFO}
    assert any("8-item tuple 'IMAGE_TYPES'" in f.message for f in findings)


def test_list_mutated_by_another_function_through_global_is_not_flagged() -> None:
    assert_marked(
        """
        REGISTRY = list(load())

        def register(name):
            global REGISTRY
            REGISTRY = REGISTRY + [name]

        def check(names):
            for name in names:
                if name in REGISTRY:
                    pass
        """
    )


# ---------------------------------------------------------------------------
# PRF003 front removal, PRF009 de-duplication


def test_pop_front_insert_front_and_del_front_in_loops_are_flagged() -> None:
    findings = assert_marked(
        """
        def bfs(start):
            queue = [start]
            order = []
            while queue:
                node = queue.pop(0)  # expect: PRF003
                order.insert(0, node)  # expect: PRF003
                queue.extend(node.children)
            stack = list(order)
            while stack:
                del stack[0]  # expect: PRF003
            return order
        """
    )
    by_line = {f.location.line: f.message for f in findings}
    assert "popleft()" in by_line[6]
    assert "appendleft(x)" in by_line[7]


def test_pop_without_index_dict_pop_and_unknown_receivers_are_not_flagged() -> None:
    assert_marked(
        """
        def drain(items, cache, queue):
            stack = list(items)
            while stack:
                stack.pop()
                stack.pop(-1)
            counts = {0: 1}
            for item in items:
                counts.pop(0, None)
                cache.pop(0)
                queue.pop(0)
            work = list(items)
            work.pop(0)
        """
    )


def test_front_removal_on_a_list_created_per_iteration_is_not_flagged() -> None:
    assert_marked(
        """
        def flags(options):
            for option in options:
                parts = option.split()
                parts = list(parts)
                parts.insert(0, "--")
        """
    )


def test_deduplication_through_a_list_is_flagged() -> None:
    findings = assert_marked(
        """
        def unique(items):
            result = []
            for item in items:
                if item not in result:  # expect: PRF009
                    result.append(item)
            return result
        """
    )
    assert "dict.fromkeys" in findings[0].message


def test_deduplication_through_a_set_or_of_another_item_is_not_flagged() -> None:
    assert_marked(
        """
        def unique(items):
            seen = set()
            order = []
            for item in items:
                if item not in seen:
                    seen.add(item)
                    order.append(item)
            names = []
            for item in items:
                if item.name not in names:
                    names.append(item)
            return order
        """
    )


# ---------------------------------------------------------------------------
# PRF004 regex compile


def test_constant_regex_compile_in_loop_is_flagged_through_import_aliases() -> None:
    assert_marked(
        """
        import re
        import re as regex
        from re import compile
        from re import compile as build, IGNORECASE

        def count(lines, words):
            total = 0
            for line in lines:
                total += bool(re.compile(r"^\\d+$").match(line))  # expect: PRF004
                total += bool(regex.compile("a+", regex.I | regex.M).match(line))  # expect: PRF004
                total += bool(compile(b"x").match(line))  # expect: PRF004
                total += bool(build("y", flags=IGNORECASE).match(line))  # expect: PRF004
            return total
        """
    )


def test_regex_compile_at_module_level_or_of_a_variable_pattern_is_not_flagged() -> None:
    assert_marked(
        """
        import re

        DIGITS = re.compile(r"\\d+")

        def match(lines, patterns, flags):
            pattern = re.compile("x")
            for word in patterns:
                re.compile(word)
                re.compile("x", flags)
                re.match("constant", word)
            for compiled in [re.compile(p) for p in patterns]:
                pass

        def other(lines):
            for line in lines:
                line.compile("x")
        """
    )


# ---------------------------------------------------------------------------
# PRF005-PRF008 blocking calls in async code, PRF010 sequential awaits


def test_blocking_calls_in_async_functions_are_flagged() -> None:
    findings = assert_marked(
        """
        import time
        import requests
        import subprocess
        import urllib.request
        from time import sleep as pause
        from urllib.request import urlopen

        async def handler(url):
            time.sleep(1)  # expect: PRF005
            pause(2)  # expect: PRF005
            requests.get(url, timeout=5)  # expect: PRF006
            urllib.request.urlopen(url)  # expect: PRF006
            urlopen(url)  # expect: PRF006
            subprocess.run(["make"], check=True)  # expect: PRF007
            answer = input("continue? ")  # expect: PRF008
            with open("log.txt") as handle:  # expect: PRF008
                handle.write(answer)
        """
    )
    by_rule = {f.rule_id: f for f in findings}
    assert "async def handler" in by_rule["PRF005"].message
    assert "asyncio.sleep" in by_rule["PRF005"].message
    assert by_rule["PRF005"].severity is Severity.HIGH
    severities = {f.snippet: f.severity for f in findings if f.rule_id == "PRF008"}
    assert severities['input("continue? ")'] is Severity.MEDIUM
    assert severities['open("log.txt")'] is Severity.INFO


def test_blocking_calls_outside_async_code_are_not_flagged() -> None:
    assert_marked(
        """
        import asyncio
        import time
        import requests

        def sync():
            time.sleep(1)
            requests.get("https://example.org")

        async def handler(loop):
            def worker():
                time.sleep(1)
                return requests.get("https://example.org")
            await loop.run_in_executor(None, lambda: time.sleep(1))
            await asyncio.to_thread(time.sleep, 1)
            await asyncio.sleep(1)
            class Inner:
                def method(self):
                    time.sleep(1)
            return worker
        """
    )


def test_names_that_only_look_like_blocking_modules_are_not_flagged() -> None:
    assert_marked(
        """
        from .compat import requests
        import aiofiles

        async def handler(time, url):
            time.sleep(1)
            requests.get(url)
            async with aiofiles.open("x") as handle:
                await handle.read()
        """
    )


def test_sequential_independent_awaits_are_an_info_hint() -> None:
    findings = assert_marked(
        """
        async def fetch_all(client, urls, queue):
            pages = []
            for url in urls:
                pages.append(await client.get_page(url))  # expect: PRF010
            for url in urls:
                await download(url)  # expect: PRF010
            for item in urls:
                await queue.put(item)
            for url in urls:
                await asyncio.sleep(1)
            for url in urls:
                page = await client.get_page(url)
                pages.append(page.body)
            async for url in client.stream():
                await download(url)
            return pages
        """
    )
    assert {f.severity for f in findings} == {Severity.INFO}


# ---------------------------------------------------------------------------
# PRF011-PRF017


def test_deepcopy_in_loop_is_flagged_but_not_in_deepcopy_implementations() -> None:
    assert_marked(
        """
        import copy
        from copy import deepcopy

        def expand(users, template):
            result = []
            for user in users:
                result.append(copy.deepcopy(template))  # expect: PRF011
                result.append(deepcopy(user))  # expect: PRF011
            single = copy.deepcopy(template)
            return result

        class Box:
            def __deepcopy__(self, memo):
                return Box([deepcopy(item, memo) for item in self.items])
        """
    )


def test_whole_collection_copies_to_read_one_item_are_flagged() -> None:
    findings = assert_marked(
        """
        def pick(entries, mapping, stream):
            smallest = sorted(entries)[0]  # expect: PRF012
            newest = sorted(entries, key=lambda e: e.mtime)[-1]  # expect: PRF012
            oldest = sorted(entries, key=len, reverse=True)[-1]  # expect: PRF012
            first_key = list(mapping)[0]  # expect: PRF013
            count = len(list(stream))  # expect: PRF014
            second = sorted(entries)[1]
            last = list(mapping)[-1]
            size = len(list)
            ordered = sorted(entries)
            return ordered[0], ordered[-1]
        """
    )
    by_line = {f.location.line: f.message for f in findings}
    assert "min()" in by_line[3]
    assert "max()" in by_line[4]
    assert "min()" in by_line[5]


def test_readlines_and_iterrows_loops_are_flagged() -> None:
    assert_marked(
        """
        def process(path, frame):
            with open(path) as handle:
                for line in handle.readlines():  # expect: PRF015
                    print(line)
                lines = handle.readlines()
            for _, row in frame.iterrows():  # expect: PRF017
                print(row)
            for row in frame.itertuples():
                print(row)
            for line in handle:
                print(line)
            return [line.strip() for line in open(path).readlines()]  # expect: PRF015
        """
    )


def test_dataframe_growth_in_loop_is_flagged() -> None:
    findings = assert_marked(
        """
        import pandas as pd

        def load(paths, rows):
            frame = pd.DataFrame()
            for path in paths:
                frame = pd.concat([frame, pd.read_csv(path)])  # expect: PRF016
            for row in rows:
                frame = frame.append(row)  # expect: PRF016
            parts = [pd.read_csv(path) for path in paths]
            whole = pd.concat(parts)
            for path in paths:
                other = pd.concat([frame, pd.read_csv(path)])
            return pd.concat([frame, whole])
        """
    )
    assert "pd.concat" in findings[0].message


# ---------------------------------------------------------------------------
# Locations, robustness, the agent contract


def test_finding_location_points_at_the_flagged_expression() -> None:
    (finding,) = analyse(
        """
        def f(items):
            queue = list(items)
            while queue:
                value = queue.pop(0)
        """
    )
    location = finding.location
    assert (location.line, location.column) == (5, 17)
    assert (location.end_line, location.end_column) == (5, 29)
    assert finding.snippet == "queue.pop(0)"
    assert finding.agent_id == "performance"
    assert finding.remediation and "deque" in finding.remediation


def test_class_bodies_lambdas_match_and_walrus_do_not_confuse_the_scopes() -> None:
    assert_marked(
        """
        class Config:
            names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]

            def check(self, items):
                for item in items:
                    if item in names:
                        pass

        def use(items, command):
            key = lambda item: item.name
            match command:
                case [first, *rest]:
                    text = ""
                    for part in rest:
                        text += part  # expect: PRF001
            while (chunk := items.read()):
                pass
            return key
        """
    )


def test_syntax_errors_are_skips_not_exceptions() -> None:
    outcome = check_source(SourceFile("broken.py", "def f(:\n    pass\n"))
    assert isinstance(outcome, Skipped)
    assert "syntax error" in outcome.reason


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "s = ''",
                "s += x",
                "x = [1]",
                "x.pop(0)",
                "for x in y:",
                "while s:",
                "async def f(x):",
                "def g(s):",
                "if x not in s:",
                "s.append(x)",
                "break",
                "return s",
                "import re",
                "re.compile('a')",
                "global s",
                "nonlocal s",
                "time.sleep(1)",
                "class C:",
                "s = s + x",
                "del s[0]",
                "lambda: s",
                "[s for s in x if s in y]",
                "x in s",
                "pass",
            ]
        ),
        max_size=12,
    ),
    st.lists(st.integers(min_value=0, max_value=3), max_size=12),
)
def test_any_parsable_mix_of_constructs_is_analysed_without_error(statements: list[str], depths: list[int]) -> None:
    lines = []
    depth = 0
    for index, statement in enumerate(statements):
        wanted = depths[index] if index < len(depths) else 0
        depth = min(wanted, depth)
        lines.append("    " * depth + statement)
        if statement.endswith(":"):
            depth += 1
            lines.append("    " * depth + "pass")
    outcome = check_source(SourceFile("generated.py", "\n".join(lines) + "\n"))
    assert isinstance(outcome, (list, Skipped))


def test_agent_satisfies_the_protocol_and_is_registered() -> None:
    assert isinstance(AGENT, Agent)
    assert load_agent("performance") is AGENT
    assert AGENT.id == "performance"
    assert AGENT.shardable is True
    assert AGENT.wants("pkg/module.py") and AGENT.wants("tool.pyw")
    assert not AGENT.wants("README.md") and not AGENT.wants("module.pyi") and not AGENT.wants("setup.cfg")


def test_rule_catalogue_is_complete_and_consistent() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"PRF\d{3}", rule_id) for rule_id in ids)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.short_description and rule.full_description
        assert "Before:" in rule.help and "After:" in rule.help, rule.id
        assert "performance" in rule.tags
        assert rule.cwe in ((), (1050,))
    reported = {
        f.rule_id
        for f in analyse(
            """
            import time
            async def f(xs):
                time.sleep(1)
            """
        )
    }
    assert reported <= set(ids)


def _write(root: Path, files: dict[str, bytes]) -> list[str]:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return list(files)


SAMPLE_FILES = {
    "app/render.py": b"def render(rows):\n    text = ''\n    for row in rows:\n        text += row\n    return text\n",
    "app/jobs.py": b"import time\n\nasync def job():\n    time.sleep(5)\n",
    "app/clean.py": b"def total(xs):\n    return sum(xs)\n",
    "app/broken.py": b"def broken(:\n",
    "app/latin1.py": b"name = '\xe9t\xe9'\n",
}


def test_analyze_payload_reports_findings_skips_and_stats(tmp_path: Path) -> None:
    files = _write(tmp_path, SAMPLE_FILES)
    payload = AGENT.analyze(AgentContext(root=tmp_path), files)
    assert [(i["ruleId"], i["location"]["path"], i["location"]["line"]) for i in payload["issues"]] == [
        ("PRF005", "app/jobs.py", 4),
        ("PRF001", "app/render.py", 4),
    ]
    assert payload["filesScanned"] == 3
    assert [s["path"] for s in payload["skipped"]] == ["app/broken.py", "app/latin1.py"]
    reasons = [s["reason"] for s in payload["skipped"]]
    assert reasons[0].startswith("syntax error") and reasons[1].startswith("not valid UTF-8")
    assert payload["riskScore"] == 8.0
    assert payload["stats"] == {"loopsAnalysed": 1, "functionsAnalysed": 3, "asyncFunctionsAnalysed": 1}
    assert all(issue["fingerprint"] for issue in payload["issues"])


def test_analyze_is_deterministic_and_independent_of_file_order(tmp_path: Path) -> None:
    files = _write(tmp_path, SAMPLE_FILES)
    first = AGENT.analyze(AgentContext(root=tmp_path), files)
    again = AGENT.analyze(AgentContext(root=tmp_path), files)
    reversed_order = AGENT.analyze(AgentContext(root=tmp_path), list(reversed(files)))
    assert first == again == reversed_order


def test_sharded_analysis_adds_up_to_the_whole(tmp_path: Path) -> None:
    files = _write(tmp_path, SAMPLE_FILES)
    whole = AGENT.analyze(AgentContext(root=tmp_path), files)
    shards = [AGENT.analyze(AgentContext(root=tmp_path), files[index::2]) for index in range(2)]
    assert sorted(i["fingerprint"] for s in shards for i in s["issues"]) == sorted(
        i["fingerprint"] for i in whole["issues"]
    )
    assert sum(s["filesScanned"] for s in shards) == whole["filesScanned"]
    for key in whole["stats"]:
        assert sum(s["stats"][key] for s in shards) == whole["stats"][key]
