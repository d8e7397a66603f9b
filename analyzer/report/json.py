"""The Report as strict JSON: sorted keys, indented, no NaN or Infinity."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from analyzer.report.model import Report

if TYPE_CHECKING:
    from analyzer.report.render import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    return dumps(report.to_json_dict())


def dumps(data: Any, *, sort_keys: bool = True, indent: int | None = 2) -> str:
    """Strict JSON text of plain data, ending in a newline; `indent=None` writes it compact."""
    separators = (",", ":") if indent is None else (",", ": ")
    # default=str: an odd value inside an agent's payload degrades to its text instead of failing the report.
    settings: dict[str, Any] = {
        "sort_keys": sort_keys,
        "indent": indent,
        "separators": separators,
        "ensure_ascii": False,
        "allow_nan": False,
        "default": str,
    }
    try:
        text = json.dumps(data, **settings)
    except ValueError:
        # Only a non-finite float gets here (and rarely): clean the data then, not on every report.
        text = json.dumps(json_safe(data), **settings)
    return text + "\n"


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float replaced by null and every key made a string.

    Payload values come from agents (and third-party ones at that); a NaN in one of them must
    degrade to null rather than make the whole report unwritable as strict JSON.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value
