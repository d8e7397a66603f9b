"""Frozen dataclasses exchanged as JSON, and the hand-written checks that validate them.

Envelopes, findings, reports and the configuration cross process and tool boundaries, so data
from outside is checked field by field: unknown keys are rejected and every problem is listed
in a ModelError. This is written by hand rather than with pydantic because importing pydantic
and building its schemas costs about 100 ms, more than a whole scan of one small file; pydantic
is left to the LLM engine, which imports it lazily.

Checks are strict on purpose: a value must already have its JSON type. The only conversions are
the ones JSON cannot express: an int where a float is expected, a list where a tuple is, a string
where an enum member is, a dict where a nested model is. A bool is never a number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, fields
from enum import Enum
from typing import Any, NamedTuple, NoReturn, TypedDict, TypeVar

Check = Callable[[Any], Any]
"""Returns the value to store (possibly converted from its JSON form) or raises ModelError."""

Loc = tuple[str | int, ...]

_ERRORS_SHOWN = 3


class ErrorDetails(TypedDict):
    """One problem, shaped like pydantic's error dicts: where, what, which kind, and the value."""

    loc: Loc
    msg: str
    type: str
    input: object


class ModelError(ValueError):
    """Data that does not fit a model; `errors()` lists every problem found."""

    def __init__(self, errors: Iterable[ErrorDetails]) -> None:
        self._errors = tuple(errors)
        super().__init__(self._summary())

    def errors(self) -> list[ErrorDetails]:
        return [error.copy() for error in self._errors]

    def within(self, key: str | int) -> list[ErrorDetails]:
        """The errors as seen from the container that holds the invalid value under `key`."""
        errors = self.errors()
        for error in errors:
            error["loc"] = (key, *error["loc"])
        return errors

    def _summary(self) -> str:
        # The input values are left out: an invalid envelope can carry megabytes of payload.
        parts = []
        for error in self._errors[:_ERRORS_SHOWN]:
            where = ".".join(str(part) for part in error["loc"])
            parts.append(f"{where}: {error['msg']}" if where else error["msg"])
        if len(self._errors) > _ERRORS_SHOWN:
            parts.append(f"and {len(self._errors) - _ERRORS_SHOWN} more errors")
        return "; ".join(parts)


def invalid(kind: str, message: str, value: object) -> NoReturn:
    """Raise the one problem of a checked value; its containers prefix where it is."""
    raise ModelError([ErrorDetails(loc=(), msg=message, type=kind, input=value)])


def check_all(entries: Sequence[tuple[str | int, Check, object]]) -> list[Any]:
    """Each (key, check, value) checked; on failure every problem is listed, located by its key."""
    try:
        return [check(value) for _, check, value in entries]
    except ModelError:
        pass  # checked again below, slowly, to list every problem rather than the first one
    errors: list[ErrorDetails] = []
    for key, check, value in entries:
        error = _problem(check, value)
        if error is not None:
            errors.extend(error.within(key))
    raise ModelError(errors)


def _problem(check: Check, value: object) -> ModelError | None:
    try:
        check(value)
    except ModelError as exc:
        return exc
    return None


# ---------------------------------------------------------------------------
# Checks


def anything(value: object) -> object:
    return value


def text(value: object) -> str:
    if not isinstance(value, str):
        invalid("string_type", "must be a string", value)
    return value


def non_empty_text(value: object) -> str:
    string = text(value)
    if not string:
        invalid("string_too_short", "must not be empty", value)
    return string


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        invalid("bool_type", "must be true or false", value)
    return value


def optional(check: Check) -> Check:
    def check_optional(value: object) -> object:
        return None if value is None else check(value)

    return check_optional


def integer(*, ge: int | None = None, le: int | None = None) -> Check:
    def check_integer(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            invalid("int_type", "must be an integer", value)
        _check_bounds(value, ge=ge, le=le)
        return value

    return check_integer


def number(*, ge: float | None = None, le: float | None = None, gt: float | None = None, finite: bool = False) -> Check:
    def check_number(value: object) -> float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            invalid("float_type", "must be a number", value)
        try:
            real = float(value)
        except OverflowError:
            invalid("float_type", "must be a number in the range of a float", value)
        if finite and not math.isfinite(real):
            invalid("finite_number", "must be a finite number", value)
        _check_bounds(value, ge=ge, le=le, gt=gt)
        return real

    return check_number


def _check_bounds(value: float, *, ge: float | None = None, le: float | None = None, gt: float | None = None) -> None:
    # Written as "not (in range)" so that NaN, which compares false with everything, fails.
    if ge is not None and le is not None:
        if not ge <= value <= le:
            invalid("out_of_range", f"must be between {_plain(ge)} and {_plain(le)}", value)
    elif ge is not None and not value >= ge:
        invalid("greater_than_equal", f"must be at least {_plain(ge)}", value)
    elif le is not None and not value <= le:
        invalid("less_than_equal", f"must be at most {_plain(le)}", value)
    if gt is not None and not value > gt:
        invalid("greater_than", f"must be greater than {_plain(gt)}", value)


def _plain(bound: float) -> str:
    """A bound as people write it: 1 rather than 1.0, 0.5 as it is."""
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def one_of(options: Iterable[str | Enum]) -> Check:
    """One of the given strings, or an enum member given as itself or as its value."""
    table = {str(o.value) if isinstance(o, Enum) else o: o for o in options}
    listed = ", ".join(table)

    def check_choice(value: object) -> object:
        if isinstance(value, str) and value in table:
            return table[value]
        invalid("enum", f"must be one of {listed}", value)

    return check_choice


def tuple_of(item: Check, expected: str = "a list") -> Check:
    """A JSON list (or a tuple) as a tuple of checked items; `expected` names it in errors."""

    def check_tuple(value: object) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            invalid("list_type", f"must be {expected}", value)
        return tuple(check_all([(index, item, element) for index, element in enumerate(value)]))

    return check_tuple


def dict_of(item: Check = anything, expected: str = "a dictionary") -> Check:
    """A JSON object with string keys, copied, its values checked; `expected` names it in errors."""

    def check_dict(value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            invalid("dict_type", f"must be {expected}", value)
        if not all(isinstance(key, str) for key in value):
            invalid("dict_type", "must have only string keys", value)
        if item is anything:
            return dict(value)
        return dict(zip(value, check_all([(key, item, element) for key, element in value.items()]), strict=True))

    return check_dict


OPTIONAL_TEXT: Check = optional(text)
STRINGS: Check = tuple_of(text, "a list of strings")
INTEGERS: Check = tuple_of(integer(), "a list of integers")


def checked(check: Check, *, internal: bool = False) -> dict[str, object]:
    """Metadata of a JsonModel field: its check, and whether JSON leaves it out (`internal`)."""
    return {"check": check, "internal": internal}


# ---------------------------------------------------------------------------
# The models' shared behaviour

_M = TypeVar("_M", bound="JsonModel")


class _FieldSpec(NamedTuple):
    name: str
    key: str  # in the JSON form
    check: Check
    required: bool
    internal: bool


class _Shape(NamedTuple):
    specs: tuple[_FieldSpec, ...]  # every field, in order
    external: tuple[_FieldSpec, ...]  # the fields of the JSON form
    required: frozenset[str]


_SHAPES: dict[type, _Shape] = {}


def _shape(cls: type[JsonModel]) -> _Shape:
    shape = _SHAPES.get(cls)
    if shape is None:
        specs = tuple(
            _FieldSpec(
                f.name,
                cls.json_key(f.name),
                f.metadata["check"],
                f.default is MISSING and f.default_factory is MISSING,
                bool(f.metadata["internal"]),
            )
            for f in fields(cls)  # type: ignore[arg-type]  # every subclass is a dataclass
        )
        external = tuple(spec for spec in specs if not spec.internal)
        shape = _SHAPES[cls] = _Shape(specs, external, frozenset(spec.name for spec in external if spec.required))
    return shape


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class JsonModel:
    """Base of frozen, keyword-only dataclasses that are exchanged as JSON.

    Decorate a subclass with `@dataclass(frozen=True, kw_only=True)` and declare every field
    with `field(metadata=checked(a_check))`. The constructor checks (and
    converts) every field and raises ModelError; `model_validate` reads the JSON form;
    `to_json_dict` writes it, leaving out None values; `model_copy` replaces fields unchecked.
    """

    @classmethod
    def json_key(cls, name: str) -> str:
        """The JSON key of field `name`: camelCase, unless a subclass says otherwise."""
        return to_camel(name)

    def __post_init__(self) -> None:
        specs = _shape(type(self)).specs
        fields_now = self.__dict__
        values = check_all([(spec.key, spec.check, fields_now[spec.name]) for spec in specs])
        for spec, value in zip(specs, values, strict=True):
            if value is not fields_now[spec.name]:
                # Frozen to the outside; storing the checked (converted) value belongs to __init__.
                fields_now[spec.name] = value

    @classmethod
    def model_validate(cls: type[_M], obj: object) -> _M:
        """An instance from its JSON form; field names are accepted as well as JSON keys."""
        if isinstance(obj, cls):
            return obj
        if not isinstance(obj, dict):
            invalid("model_type", f"must be a valid dictionary or {cls.__name__}", obj)
        shape = _shape(cls)
        arguments: dict[str, object] = {}
        for spec in shape.external:
            if spec.key in obj:
                arguments[spec.name] = obj[spec.key]
            elif spec.name in obj:
                arguments[spec.name] = obj[spec.name]
        # Each field took one key, so a key left over is unknown (or a field's second spelling).
        if len(arguments) < len(obj) or not shape.required <= arguments.keys():
            raise ModelError(_reading_errors(shape, arguments, obj))
        return cls(**arguments)

    def to_json_dict(self) -> dict[str, Any]:
        values = self.__dict__
        return {
            spec.key: _json_value(values[spec.name])
            for spec in _shape(type(self)).external
            if values[spec.name] is not None
        }

    def model_copy(self: _M, *, update: Mapping[str, Any] | None = None) -> _M:
        """A copy with the `update` fields replaced as given: trusted values, not checked again."""
        names = {spec.name for spec in _shape(type(self)).specs}
        unknown = sorted(set(update or ()) - names)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(unknown)}")
        copied = object.__new__(type(self))
        copied.__dict__.update(self.__dict__, **(update or {}))
        return copied


def _reading_errors(shape: _Shape, arguments: Mapping[str, object], obj: Mapping[Any, object]) -> list[ErrorDetails]:
    """Every problem with the given and the missing fields in field order, then the unknown keys."""

    def missing(value: object) -> NoReturn:
        invalid("missing", "Field required", value)

    entries = [
        (spec.key, spec.check, arguments[spec.name]) if spec.name in arguments else (spec.key, missing, obj)
        for spec in shape.external
        if spec.required or spec.name in arguments
    ]
    errors = []
    try:
        check_all(entries)
    except ModelError as exc:
        errors = exc.errors()
    used = {spec.key if spec.key in obj else spec.name for spec in shape.external if spec.name in arguments}
    message = f"unknown key (known keys: {', '.join(sorted(spec.key for spec in shape.external))})"
    for key in obj:
        if key not in used:
            where = key if isinstance(key, (str, int)) else repr(key)
            errors.append(ErrorDetails(loc=(where,), msg=message, type="extra_forbidden", input=obj[key]))
    return errors


_PLAIN_JSON = frozenset({str, int, bool, type(None)})


def _json_value(value: object) -> Any:
    """Plain JSON data: models as dicts, enums as values, tuples as lists, NaN and infinities as null."""
    if type(value) in _PLAIN_JSON:  # the common case first; str and int subclasses (enums) go on
        return value
    if isinstance(value, JsonModel):
        return value.to_json_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    return value
