"""Accuracy of the security agent on a labelled corpus: TPR, FPR and TPR - FPR per CWE class.

The corpus (tests/corpus/security by default) holds one case per file, in a folder per class
(`cwe078_command/`, ...), named `<framework>_<vuln|safe>_<short_name>.py` (framework: flask, django,
fastapi, plain), whose first line is the label:

    # gatherscan-corpus: cwe=78 expect=vulnerable

A case counts as detected when the security agent reports, anywhere in the file, an unsuppressed
finding at or above the minimum confidence whose CWE list contains the case's class. Some classes
cover two CWE ids (94/95 code injection, 614/1004 cookie flags, 327/328 weak hashes): a label may
use either id, and a finding with either id detects the case. The agent runs in this process
(`AGENT.analyze`), on the corpus files only; the scanned code is parsed, never imported.

Per class: cases, TP (vulnerable, detected), FN, FP (safe, detected), TN, TPR = TP / (TP + FN),
FPR = FP / (FP + TN) and TPR - FPR; the last row averages TPR, FPR and TPR - FPR over the classes.

Usage: python bench/accuracy.py [--corpus DIR] [--min-confidence low|medium|high] [--show-misses] [--json]
Exit status: 0, or 2 when the corpus is missing or invalid (the reason goes to stderr).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.base import AgentContext  # noqa: E402 - after the path set-up above
from agents.security.agent import AGENT  # noqa: E402

DEFAULT_CORPUS = REPO / "tests" / "corpus" / "security"
CONFIDENCE_RANK: Mapping[str, int] = {"low": 0, "medium": 1, "high": 2}

LABEL = re.compile(r"# gatherscan-corpus: cwe=(?P<cwe>\d+) expect=(?P<expect>vulnerable|safe)")
FILE_NAME = re.compile(r"(?P<framework>flask|django|fastapi|plain)_(?P<kind>vuln|safe)_[a-z0-9]+(?:_[a-z0-9]+)*\.py")
CLASS_FOLDER = re.compile(r"cwe(?P<cwe>\d+)_[a-z0-9_]+")

CLASS_CWES: Mapping[int, tuple[int, ...]] = {94: (94, 95), 614: (614, 1004), 327: (327, 328)}
"""Classes that cover more than one CWE id, keyed by the id that names the class."""
CLASS_OF: Mapping[int, int] = {cwe: name for name, cwes in CLASS_CWES.items() for cwe in cwes}

CLASS_NAMES: Mapping[int, str] = {
    22: "path traversal",
    78: "command injection",
    79: "cross-site scripting",
    89: "SQL injection",
    90: "LDAP injection",
    94: "code injection",
    327: "weak hash",
    330: "weak randomness",
    501: "trust boundary",
    502: "deserialization",
    601: "open redirect",
    611: "XXE",
    614: "insecure cookie",
    643: "XPath injection",
    918: "SSRF",
    1336: "template injection",
}


class CorpusError(Exception):
    """The corpus is missing or a case in it is malformed; the message says which and why."""


@dataclass(frozen=True)
class Case:
    path: str
    """POSIX path relative to the corpus folder."""
    cwe_class: int
    vulnerable: bool


@dataclass(frozen=True)
class SeenFinding:
    rule_id: str
    line: int
    confidence: str
    cwe: tuple[int, ...]
    message: str
    counted: bool
    """Whether this finding detects the case (its class, confidence at or above the minimum, not suppressed)."""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "ruleId": self.rule_id,
            "line": self.line,
            "confidence": self.confidence,
            "cwe": list(self.cwe),
            "message": self.message,
            "counted": self.counted,
        }


@dataclass(frozen=True)
class Outcome:
    case: Case
    detected: bool
    findings: tuple[SeenFinding, ...]

    @property
    def correct(self) -> bool:
        return self.detected == self.case.vulnerable

    @property
    def kind(self) -> str:
        if self.case.vulnerable:
            return "TP" if self.detected else "FN"
        return "FP" if self.detected else "TN"


@dataclass(frozen=True)
class ClassScore:
    cwe_class: int
    tp: int
    fn: int
    fp: int
    tn: int

    @property
    def name(self) -> str:
        return CLASS_NAMES.get(self.cwe_class, f"CWE-{self.cwe_class}")

    @property
    def cases(self) -> int:
        return self.tp + self.fn + self.fp + self.tn

    @property
    def tpr(self) -> float | None:
        positives = self.tp + self.fn
        return self.tp / positives if positives else None

    @property
    def fpr(self) -> float | None:
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else None

    @property
    def score(self) -> float | None:
        """TPR - FPR (Youden's J); None when the class lacks vulnerable or safe cases."""
        if self.tpr is None or self.fpr is None:
            return None
        return self.tpr - self.fpr

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "cwe": self.cwe_class,
            "cweIds": list(CLASS_CWES.get(self.cwe_class, (self.cwe_class,))),
            "name": self.name,
            "cases": self.cases,
            "tp": self.tp,
            "fn": self.fn,
            "fp": self.fp,
            "tn": self.tn,
            "tpr": self.tpr,
            "fpr": self.fpr,
            "score": self.score,
        }


@dataclass(frozen=True)
class Evaluation:
    corpus: Path
    min_confidence: str
    outcomes: tuple[Outcome, ...]
    skipped: tuple[tuple[str, str], ...]
    """Cases the agent could not analyse (path, reason); they count as not detected."""

    @property
    def scores(self) -> list[ClassScore]:
        counts: dict[int, dict[str, int]] = {}
        for outcome in self.outcomes:
            tally = counts.setdefault(outcome.case.cwe_class, {"TP": 0, "FN": 0, "FP": 0, "TN": 0})
            tally[outcome.kind] += 1
        return [
            ClassScore(cwe_class, tally["TP"], tally["FN"], tally["FP"], tally["TN"])
            for cwe_class, tally in sorted(counts.items())
        ]

    @property
    def misses(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.correct]

    def average(self) -> dict[str, float | None]:
        """Unweighted means over the classes (each class counts once, whatever its size)."""
        scores = self.scores
        return {
            "tpr": _mean(score.tpr for score in scores),
            "fpr": _mean(score.fpr for score in scores),
            "score": _mean(score.score for score in scores),
        }

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "corpus": str(self.corpus),
            "minConfidence": self.min_confidence,
            "cases": len(self.outcomes),
            "classes": [score.to_json_dict() for score in self.scores],
            "average": self.average(),
            "misses": [
                {
                    "path": outcome.case.path,
                    "cwe": outcome.case.cwe_class,
                    "expect": "vulnerable" if outcome.case.vulnerable else "safe",
                    "result": outcome.kind,
                    "findings": [finding.to_json_dict() for finding in outcome.findings],
                }
                for outcome in self.misses
            ],
            "skipped": [{"path": path, "reason": reason} for path, reason in self.skipped],
        }


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


# ---------------------------------------------------------------------------
# Reading the corpus


def class_of(cwe: int) -> int:
    """The class a CWE id belongs to (95 -> 94, 1004 -> 614, 328 -> 327, others themselves)."""
    return CLASS_OF.get(cwe, cwe)


def read_case(corpus: Path, file: Path) -> Case | str:
    """The case a corpus file holds, or why it is not a valid case."""
    name = file.name
    name_match = FILE_NAME.fullmatch(name)
    if name_match is None:
        return "file name is not <flask|django|fastapi|plain>_<vuln|safe>_<short_name>.py"
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"cannot read: {exc}"
    first_line = text.partition("\n")[0].rstrip("\r ")
    label = LABEL.fullmatch(first_line)
    if label is None:
        return "first line is not a label '# gatherscan-corpus: cwe=<id> expect=<vulnerable|safe>'"
    cwe_class = class_of(int(label["cwe"]))
    vulnerable = label["expect"] == "vulnerable"
    if vulnerable != (name_match["kind"] == "vuln"):
        return f"label says expect={label['expect']} but the file name says {name_match['kind']}"
    folder = CLASS_FOLDER.fullmatch(file.parent.name)
    if folder is not None and class_of(int(folder["cwe"])) != cwe_class:
        return f"label says cwe={label['cwe']} but the folder is for CWE-{int(folder['cwe'])}"
    try:
        ast.parse(text, filename=name)
    except (SyntaxError, ValueError) as exc:
        return f"not valid Python: {exc}"
    return Case(file.relative_to(corpus).as_posix(), cwe_class, vulnerable)


def load_corpus(corpus: Path) -> list[Case]:
    """Every case under `corpus`, sorted by path; CorpusError names each malformed file."""
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: no such directory")
    cases: list[Case] = []
    problems: list[str] = []
    for file in sorted(corpus.rglob("*.py")):
        case = read_case(corpus, file)
        if isinstance(case, Case):
            cases.append(case)
        else:
            problems.append(f"{file.relative_to(corpus).as_posix()}: {case}")
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise CorpusError(f"{corpus}: {len(problems)} invalid case(s): {shown}{more}")
    if not cases:
        raise CorpusError(f"{corpus}: no cases (*.py files) found")
    return cases


# ---------------------------------------------------------------------------
# Running the agent and scoring


def _seen(issue: Mapping[str, Any], cwe_class: int, min_rank: int) -> SeenFinding:
    cwe = tuple(int(value) for value in issue.get("cwe") or ())
    confidence = str(issue.get("confidence", "low"))
    suppressed = bool((issue.get("properties") or {}).get("suppressed"))
    counted = (
        not suppressed
        and CONFIDENCE_RANK.get(confidence, 0) >= min_rank
        and any(class_of(value) == cwe_class for value in cwe)
    )
    return SeenFinding(
        rule_id=str(issue.get("ruleId", "")),
        line=int(issue.get("location", {}).get("line", 0)),
        confidence=confidence,
        cwe=cwe,
        message=str(issue.get("message", "")),
        counted=counted,
    )


def evaluate(corpus: Path, cases: Sequence[Case], min_confidence: str = "medium") -> Evaluation:
    """Run the security agent over the cases and classify each one."""
    min_rank = CONFIDENCE_RANK[min_confidence]
    payload = AGENT.analyze(AgentContext(root=corpus), [case.path for case in cases])
    issues_by_path: dict[str, list[Mapping[str, Any]]] = {}
    for issue in payload.get("issues", []):
        issues_by_path.setdefault(issue["location"]["path"], []).append(issue)
    outcomes = []
    for case in cases:
        issues = sorted(
            issues_by_path.get(case.path, []), key=lambda issue: (issue["location"]["line"], issue["ruleId"])
        )
        seen = tuple(_seen(issue, case.cwe_class, min_rank) for issue in issues)
        outcomes.append(Outcome(case, any(finding.counted for finding in seen), seen))
    skipped = tuple(sorted((entry["path"], entry["reason"]) for entry in payload.get("skipped", [])))
    return Evaluation(corpus, min_confidence, tuple(outcomes), skipped)


# ---------------------------------------------------------------------------
# Output


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_table(evaluation: Evaluation) -> str:
    header = (
        f"{'CWE':<9}{'class':<22}{'cases':>6}{'TP':>5}{'FN':>5}{'FP':>5}{'TN':>5}{'TPR':>7}{'FPR':>7}{'TPR-FPR':>9}"
    )
    lines = [
        f"security agent accuracy: {evaluation.corpus} ({len(evaluation.outcomes)} cases, "
        f"min confidence {evaluation.min_confidence})",
        "",
        header,
    ]
    scores = evaluation.scores
    for score in scores:
        cwe_ids = "/".join(str(cwe) for cwe in CLASS_CWES.get(score.cwe_class, (score.cwe_class,)))
        lines.append(
            f"{cwe_ids:<9}{score.name:<22}{score.cases:>6}{score.tp:>5}{score.fn:>5}{score.fp:>5}{score.tn:>5}"
            f"{_ratio(score.tpr):>7}{_ratio(score.fpr):>7}{_ratio(score.score):>9}"
        )
    average = evaluation.average()
    totals = [sum(getattr(score, field) for score in scores) for field in ("tp", "fn", "fp", "tn")]
    label = f"average ({len(scores)} classes)"
    lines.append(
        f"{label:<31}{len(evaluation.outcomes):>6}{totals[0]:>5}{totals[1]:>5}{totals[2]:>5}{totals[3]:>5}"
        f"{_ratio(average['tpr']):>7}{_ratio(average['fpr']):>7}{_ratio(average['score']):>9}"
    )
    for path, reason in evaluation.skipped:
        lines.append(f"skipped by the agent (counted as not detected): {path}: {reason}")
    return "\n".join(lines)


def format_misses(evaluation: Evaluation) -> str:
    misses = evaluation.misses
    lines = [f"misclassified: {len(misses)}"]
    for outcome in misses:
        expect = "vulnerable" if outcome.case.vulnerable else "safe"
        lines.append(f"{outcome.kind} {outcome.case.path} (CWE-{outcome.case.cwe_class}, expected {expect})")
        if not outcome.findings:
            lines.append("    no findings")
        for finding in outcome.findings:
            mark = "*" if finding.counted else " "
            cwe = ",".join(str(value) for value in finding.cwe) or "-"
            lines.append(
                f"  {mark} line {finding.line}: {finding.rule_id} [{finding.confidence}] CWE {cwe}: {finding.message}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="labelled corpus folder")
    parser.add_argument("--min-confidence", choices=tuple(CONFIDENCE_RANK), default="medium")
    parser.add_argument("--show-misses", action="store_true", help="list misclassified files with their findings")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (misses included)")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    try:
        cases = load_corpus(corpus)
    except CorpusError as exc:
        print(f"accuracy: invalid corpus: {exc}", file=sys.stderr)
        return 2
    evaluation = evaluate(corpus, cases, args.min_confidence)
    if args.json:
        print(json.dumps(evaluation.to_json_dict(), indent=2, sort_keys=True))
        return 0
    print(format_table(evaluation))
    if args.show_misses:
        print()
        print(format_misses(evaluation))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
