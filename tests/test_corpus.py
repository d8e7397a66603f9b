"""The labelled accuracy corpus is well formed, bench/accuracy.py reports on it, and accuracy does not regress."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "security"
SCRIPT = REPO / "bench" / "accuracy.py"


def load_accuracy_module() -> ModuleType:
    # bench/ is not a package: load the script by path, as `python bench/accuracy.py` runs it.
    spec = importlib.util.spec_from_file_location("gatherscan_bench_accuracy", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class body runs
    spec.loader.exec_module(module)
    return module


accuracy = load_accuracy_module()

ISSUE_CLASSES = {22, 78, 79, 89, 90, 94, 327, 330, 501, 502, 601, 611, 614, 643, 918, 1336}
WEB_FRAMEWORKS = ("flask", "django", "fastapi")

# TPR - FPR per class at confidence medium or above, as measured on this corpus when the floors were last recorded
# (after the taint engine landed, commit b83182e; weak hash, weak randomness and cookie flags still miss dead
# branches and constants there). The test fails when a class falls below its floor; when the engine improves,
# raise the floor to the new measurement (python bench/accuracy.py).
ACCURACY_FLOORS: dict[int, float] = {
    22: 1.0,
    78: 1.0,
    79: 1.0,
    89: 1.0,
    90: 1.0,
    94: 1.0,
    327: 0.75,
    330: 0.75,
    501: 1.0,
    502: 1.0,
    601: 1.0,
    611: 1.0,
    614: 0.75,
    643: 1.0,
    918: 1.0,
    1336: 1.0,
}


@pytest.fixture(scope="module")
def cases() -> list[Any]:
    loaded: list[Any] = accuracy.load_corpus(CORPUS)
    return loaded


# ---------------------------------------------------------------------------
# The corpus itself


def test_every_corpus_file_is_a_valid_labelled_case(cases: list[Any]) -> None:
    # load_corpus raises on any file without a label line, with a name that disagrees with its label or
    # folder, or that does not parse; every Python file must have come through as a case.
    assert len(cases) == sum(1 for _ in CORPUS.rglob("*.py"))
    for path in CORPUS.rglob("*.py"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert accuracy.LABEL.fullmatch(first_line), path


def test_each_issue_class_has_ten_vulnerable_and_ten_safe_cases(cases: list[Any]) -> None:
    counts = Counter((case.cwe_class, case.vulnerable) for case in cases)
    assert {cwe_class for cwe_class, _ in counts} == ISSUE_CLASSES
    for cwe_class in ISSUE_CLASSES:
        assert counts[cwe_class, True] >= 10, cwe_class
        assert counts[cwe_class, False] >= 10, cwe_class


def test_each_class_has_flask_django_and_fastapi_cases_of_both_kinds(cases: list[Any]) -> None:
    seen = {(case.cwe_class, case.vulnerable, Path(case.path).name.split("_")[0]) for case in cases}
    for cwe_class in ISSUE_CLASSES:
        for vulnerable in (True, False):
            for framework in WEB_FRAMEWORKS:
                assert (cwe_class, vulnerable, framework) in seen, (cwe_class, vulnerable, framework)


def test_folders_are_named_after_their_class() -> None:
    # Tool caches (dot folders) are not corpus folders.
    for folder in (path for path in CORPUS.iterdir() if path.is_dir() and not path.name.startswith(".")):
        match = accuracy.CLASS_FOLDER.fullmatch(folder.name)
        assert match, folder.name
        assert int(match["cwe"]) in ISSUE_CLASSES


def write_case(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("relative", "text", "reason"),
    [
        ("cwe078_command/flask_vuln_x.py", "import os\n", "first line is not a label"),
        ("cwe078_command/flask_vuln_x.py", "# gatherscan-corpus: cwe=78 expect=safe\n", "file name says vuln"),
        ("cwe078_command/flask_safe_x.py", "# gatherscan-corpus: cwe=89 expect=safe\n", "folder is for CWE-78"),
        ("cwe078_command/bottle_safe_x.py", "# gatherscan-corpus: cwe=78 expect=safe\n", "file name is not"),
        ("cwe078_command/flask_safe_x.py", "# gatherscan-corpus: cwe=78 expect=safe\ndef (:\n", "not valid Python"),
    ],
)
def test_malformed_cases_are_rejected_with_the_reason(tmp_path: Path, relative: str, text: str, reason: str) -> None:
    write_case(tmp_path, relative, text)

    with pytest.raises(accuracy.CorpusError, match=re.escape(reason)):
        accuracy.load_corpus(tmp_path)


def test_alias_ids_label_the_same_class(tmp_path: Path) -> None:
    write_case(tmp_path, "cwe094_code/plain_vuln_eval.py", "# gatherscan-corpus: cwe=95 expect=vulnerable\n")
    write_case(tmp_path, "cwe614_cookie/plain_safe_flags.py", "# gatherscan-corpus: cwe=1004 expect=safe\n")

    loaded = accuracy.load_corpus(tmp_path)

    assert [(case.cwe_class, case.vulnerable) for case in loaded] == [(94, True), (614, False)]


# ---------------------------------------------------------------------------
# Accuracy on the corpus


def test_accuracy_per_class_does_not_fall_below_the_recorded_floor(cases: list[Any]) -> None:
    evaluation = accuracy.evaluate(CORPUS, cases, "medium")

    assert evaluation.skipped == ()
    scores = {score.cwe_class: score for score in evaluation.scores}
    assert set(scores) == set(ACCURACY_FLOORS)
    below = {
        cwe_class: round(scores[cwe_class].score, 3)
        for cwe_class, floor in ACCURACY_FLOORS.items()
        if scores[cwe_class].score < floor - 1e-9
    }
    assert below == {}, "TPR - FPR fell below the recorded floor (class: measured); run bench/accuracy.py --show-misses"


def test_only_findings_of_the_case_class_count(tmp_path: Path) -> None:
    # A code-injection finding in a command-injection case is seen but does not detect it.
    write_case(
        tmp_path,
        "cwe078_command/flask_safe_eval_only.py",
        """\
        # gatherscan-corpus: cwe=78 expect=safe
        from flask import Flask, request

        app = Flask(__name__)


        @app.get("/calc")
        def calc():
            return str(eval(request.args["expr"]))
        """,
    )

    (outcome,) = accuracy.evaluate(tmp_path, accuracy.load_corpus(tmp_path), "low").outcomes

    assert (outcome.kind, outcome.detected) == ("TN", False)
    assert any(94 in finding.cwe or 95 in finding.cwe for finding in outcome.findings)
    assert not any(finding.counted for finding in outcome.findings)


# ---------------------------------------------------------------------------
# The script's output


def run_script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False, cwd=REPO
    )


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    write_case(
        tmp_path,
        "cwe094_code/flask_vuln_eval.py",
        """\
        # gatherscan-corpus: cwe=94 expect=vulnerable
        from flask import Flask, request

        app = Flask(__name__)


        @app.get("/calc")
        def calc():
            return str(eval(request.args["expr"]))
        """,
    )
    write_case(
        tmp_path,
        "cwe094_code/plain_safe_literal.py",
        """\
        # gatherscan-corpus: cwe=94 expect=safe
        import ast
        import sys

        print(ast.literal_eval(sys.argv[1]))
        """,
    )
    write_case(
        tmp_path,
        "cwe327_weak_hash/plain_vuln_md5.py",
        """\
        # gatherscan-corpus: cwe=327 expect=vulnerable
        import hashlib
        import sys

        print(hashlib.md5(sys.argv[1].encode()).hexdigest())
        """,
    )
    return tmp_path


ROW = re.compile(
    r"(?P<cwe>[\d/]+)\s+(?P<name>[A-Za-z -]+?)\s+(?P<cases>\d+)" + r"\s+(\d+)" * 4 + r"(\s+(\d\.\d\d|-)){3}"
)


def test_table_has_a_row_per_class_and_an_average_row(small_corpus: Path) -> None:
    result = run_script("--corpus", small_corpus)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"security agent accuracy: {small_corpus.resolve()} (3 cases, min confidence medium)"
    assert lines[2].split() == ["CWE", "class", "cases", "TP", "FN", "FP", "TN", "TPR", "FPR", "TPR-FPR"]
    rows = [ROW.fullmatch(line) for line in lines[3:5]]
    assert [(row["cwe"], row["name"], row["cases"]) for row in rows if row] == [
        ("94/95", "code injection", "2"),
        ("327/328", "weak hash", "1"),
    ]
    weak_hash = lines[4].split()
    # One vulnerable case and no safe one: TP + FN = 1, FPR and TPR - FPR undefined.
    assert int(weak_hash[-7]) + int(weak_hash[-6]) == 1
    assert weak_hash[-2:] == ["-", "-"]
    assert re.fullmatch(r"average \(2 classes\)\s+3(\s+\d+){4}(\s+(\d\.\d\d|-)){3}", lines[5])
    assert len(lines) == 6


def test_json_output_and_confidence_option(small_corpus: Path) -> None:
    result = run_script("--corpus", small_corpus, "--json", "--min-confidence", "low")

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["minConfidence"] == "low"
    assert report["cases"] == 3
    assert [entry["cwe"] for entry in report["classes"]] == [94, 327]
    code = report["classes"][0]
    assert code["cweIds"] == [94, 95]
    assert code["tp"] + code["fn"] == 1 and code["fp"] + code["tn"] == 1
    assert set(report["average"]) == {"tpr", "fpr", "score"}
    assert report["skipped"] == []
    for miss in report["misses"]:
        assert miss["result"] in {"FN", "FP"}


def test_show_misses_lists_each_misclassified_file(small_corpus: Path) -> None:
    result = run_script("--corpus", small_corpus, "--show-misses")

    assert result.returncode == 0, result.stderr
    table, _, misses = result.stdout.partition("\nmisclassified: ")
    count, *details = misses.splitlines()
    listed = [line for line in details if re.match(r"(FN|FP) ", line)]
    assert len(listed) == int(count)
    assert "average (2 classes)" in table


def test_missing_or_invalid_corpus_exits_2_with_the_reason(tmp_path: Path) -> None:
    missing = run_script("--corpus", tmp_path / "absent")
    write_case(tmp_path, "bad/flask_vuln_x.py", "print('no label')\n")
    invalid = run_script("--corpus", tmp_path / "bad")

    assert (missing.returncode, missing.stdout) == (2, "")
    assert "no such directory" in missing.stderr
    assert (invalid.returncode, invalid.stdout) == (2, "")
    assert "flask_vuln_x.py: first line is not a label" in invalid.stderr
