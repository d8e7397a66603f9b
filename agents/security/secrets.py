"""Recognising secrets in string literals, telling them from placeholders, and redacting them.

Two independent signals: a name that says "this is a credential" (password, api_key, ...) with a
literal that does not look like a placeholder, and a literal whose own format identifies a
provider's credential (an AWS key id, a GitHub token, a PEM private key, ...). Nothing here
ever returns or formats the raw secret except `redact`, which keeps only a short prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# ---------------------------------------------------------------------------
# Names that hold credentials.

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

# A name whose last word is one of these holds a password-like secret: any non-placeholder value counts.
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "secret"})
# These hold machine-generated secrets, so the value must also look generated; this keeps lexer
# tokens ("while") and key names ("id") out.
_TOKEN_WORDS = frozenset({"token", "apikey"})
_KEY_QUALIFIERS = frozenset({"api", "private", "access", "secret", "signing", "encryption", "master"})


class NameKind(Enum):
    PASSWORD = "password"
    GENERATED = "generated"


def name_words(name: str) -> list[str]:
    """Lower-case words of an identifier or key: camelCase, snake_case, kebab-case and dotted alike."""
    return [word.lower() for word in _WORD.findall(name)]


def sensitive_name_kind(name: str) -> NameKind | None:
    """Whether `name` (a variable, attribute, key or parameter) names a credential, and which kind.

    Only the last word decides, so `password_reset_url`, `token_type` and `secret_name` are not
    credentials while `db_password`, `githubToken` and `AWS_SECRET_ACCESS_KEY` are.
    """
    words = name_words(name)
    if not words:
        return None
    last = words[-1]
    if last in _PASSWORD_WORDS:
        return NameKind.PASSWORD
    if last in _TOKEN_WORDS:
        return NameKind.GENERATED
    if last == "key" and len(words) >= 2 and words[-2] in _KEY_QUALIFIERS:
        return NameKind.GENERATED
    return None


# ---------------------------------------------------------------------------
# Placeholders: values that stand in for a secret rather than being one.

_PLACEHOLDER_WORDS = frozenset(
    {
        "changeme",
        "changeit",
        "placeholder",
        "example",
        "dummy",
        "fake",
        "test",
        "testing",
        "sample",
        "none",
        "null",
        "nil",
        "undefined",
        "redacted",
        "hidden",
        "masked",
        "todo",
        "fixme",
        "tbd",
        "default",
        "empty",
        "notset",
        "unset",
        "secret",
        "password",
        "passwd",
        "token",
        "insertyourkeyhere",
    }
)
_PLACEHOLDER_FRAGMENTS = ("changeme", "change_me", "change-me", "placeholder", "example", "dummy", "redacted", "xxxx")
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*")
_CREDENTIAL_WORDS = frozenset({"password", "passwd", "pwd", "secret", "token", "key", "auth", "credential", "apikey"})
_TEMPLATE_MARKERS = ("${", "{{", "%(", "%s", "$(")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def is_placeholder(value: str, holder_name: str = "") -> bool:
    """Whether a literal given to a credential name is evidently not a real secret."""
    stripped = value.strip()
    if len(stripped) < 4 or any(char.isspace() for char in stripped):
        return True
    lowered = stripped.lower()
    if len(set(lowered)) <= 2:
        return True
    if stripped.startswith(("<", "$", "/", "./", "~")) or "://" in stripped:
        return True
    if any(marker in stripped for marker in _TEMPLATE_MARKERS) or ("{" in stripped and "}" in stripped):
        return True
    squashed = _squash(stripped)
    if squashed in _PLACEHOLDER_WORDS or lowered.startswith(("your", "my_", "enter")):
        return True
    if any(fragment in lowered for fragment in _PLACEHOLDER_FRAGMENTS):
        return True
    if holder_name and squashed == _squash(holder_name):
        return True
    # A value such as "access_token" or "X-Api-Key" names a field; it is not the field's content.
    return bool(_FIELD_NAME.fullmatch(stripped)) and any(word in _CREDENTIAL_WORDS for word in name_words(stripped))


# What generated tokens and keys are made of (base64, hex, and the punctuation of key generators such as
# Django's); brackets, quotes, backslashes, pipes and spaces mean a pattern or prose instead.
_GENERATED_CHARACTERS = re.compile(r"[A-Za-z0-9+/=_.~!@#$%^&*()-]+")


def looks_generated(value: str) -> bool:
    """Whether a value looks machine-generated: long enough, of token characters, mixing character classes."""
    if len(value) < 12 or not _GENERATED_CHARACTERS.fullmatch(value):
        return False
    classes = sum(
        (
            any(char.islower() for char in value),
            any(char.isupper() for char in value),
            any(char.isdigit() for char in value),
            any(not char.isalnum() for char in value),
        )
    )
    return classes >= 2 and len(set(value)) >= 8


def is_hardcoded_secret(value: str, holder_name: str, kind: NameKind) -> bool:
    if is_placeholder(value, holder_name):
        return False
    return kind is NameKind.PASSWORD or looks_generated(value)


# ---------------------------------------------------------------------------
# Provider formats, matched inside any string literal.


@dataclass(frozen=True)
class SecretMatch:
    kind: str
    secret: str
    # Whether the format alone makes the value a credential (a URL password is weaker evidence).
    certain: bool = True


_AWS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
_GITHUB_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})(?![A-Za-z0-9_])"
)
_SLACK_TOKEN = re.compile(r"(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,250}")
_STRIPE_LIVE_KEY = re.compile(r"(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])")
_PRIVATE_KEY_HEADER = re.compile(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_PEM_BODY_CHAR = re.compile(r"[A-Za-z0-9+/=]")
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}://([^\s/:@]{1,200}):([^\s/@]{1,200})@([^\s/@:?#]{1,255})")
# Hosts reserved for documentation and tests (RFC 2606, RFC 6761): credentials for them are examples.
_EXAMPLE_HOSTS = ("example.com", "example.org", "example.net", ".example", ".test", ".invalid")
_MIN_PEM_BODY = 40
_MIN_DISTINCT_IN_RANDOM_PART = 8


def _random_enough(token: str, prefix_length: int) -> bool:
    """Real keys are random after their prefix; documented examples and x-filled stand-ins are not."""
    random_part = token[prefix_length:]
    return "EXAMPLE" not in token.upper() and len(set(random_part)) >= _MIN_DISTINCT_IN_RANDOM_PART


def _private_key_match(text: str) -> SecretMatch | None:
    header = _PRIVATE_KEY_HEADER.search(text)
    if header is None:
        return None
    body = text[header.end() :].split("-----", 1)[0]
    # Encrypted keys carry "Proc-Type:" headers; only the base64 body decides.
    base64_chars = len(_PEM_BODY_CHAR.findall(body))
    if base64_chars < _MIN_PEM_BODY or len(set(body)) < _MIN_DISTINCT_IN_RANDOM_PART:
        return None
    return SecretMatch("private key block", text[header.start() :])


def _url_password_match(text: str) -> SecretMatch | None:
    for match in _URL_PASSWORD.finditer(text):
        user, password, host = match.group(1), match.group(2), match.group(3).lower()
        if host.endswith(_EXAMPLE_HOSTS) or is_placeholder(password, user) or password.lower() in {"pass", "pwd"}:
            continue
        return SecretMatch("password in URL", password, certain=False)
    return None


def find_provider_secret(text: str) -> SecretMatch | None:
    """The first provider credential in a string literal, if any. Cheap substring tests gate each regex."""
    if len(text) < 16:
        return None
    if "AKIA" in text or "ASIA" in text:
        for match in _AWS_KEY_ID.finditer(text):
            if _random_enough(match.group(), 4):
                return SecretMatch("AWS access key id", match.group())
    if "gh" in text or "github_pat_" in text:
        for match in _GITHUB_TOKEN.finditer(text):
            token = match.group()
            if _random_enough(token, token.index("_") + 1):
                return SecretMatch("GitHub token", token)
    if "xox" in text:
        for match in _SLACK_TOKEN.finditer(text):
            if _random_enough(match.group(), 5):
                return SecretMatch("Slack token", match.group())
    if "k_live_" in text:
        for match in _STRIPE_LIVE_KEY.finditer(text):
            if _random_enough(match.group(), 8):
                return SecretMatch("Stripe live secret key", match.group())
    if "PRIVATE KEY" in text:
        found = _private_key_match(text)
        if found is not None:
            return found
    if "://" in text and "@" in text:
        return _url_password_match(text)
    return None


# ---------------------------------------------------------------------------
# Redaction.

REDACTION_MARK = "…"
_MAX_SHOWN_PREFIX = 4


def redact(secret: str) -> str:
    """A short prefix and an ellipsis; short secrets show less, so most of a short password is never shown."""
    shown = min(_MAX_SHOWN_PREFIX, len(secret) // 3)
    return secret[:shown] + REDACTION_MARK


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with every occurrence of the given secrets redacted, longest first (one may contain another)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret and secret in text:
            text = text.replace(secret, redact(secret))
    return text
