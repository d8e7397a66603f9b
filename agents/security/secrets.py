"""Recognising secrets in string literals, telling them from placeholders, and redacting them.

Two independent signals: a name that says "this is a credential" (password, api_key, ...) with a
literal that does not look like a placeholder, and a literal whose own format identifies a
provider's credential (an AWS key id, a GitHub token, a PEM private key, ...). Nothing here
ever returns or formats the raw secret except `redact`, which keeps only a short prefix.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath

# ---------------------------------------------------------------------------
# Names that hold credentials.

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

# A name whose last word is one of these holds a password-like secret: any non-placeholder value counts.
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "secret"})
# These hold machine-generated secrets, so the value must also look generated; this keeps lexer
# tokens ("while") and key names ("id") out.
_TOKEN_WORDS = frozenset({"token", "apikey"})
_KEY_QUALIFIERS = frozenset(
    {"api", "private", "access", "secret", "signing", "encryption", "master", "auth", "hmac", "jwt", "webhook"}
)


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
    return classes >= 2 and len(set(value)) >= 8 and shannon_entropy(value) >= _MIN_GENERATED_ENTROPY


# Bits per character below which a "generated" value repeats itself too much to be a key (e.g. "abcabcabcabc1").
_MIN_GENERATED_ENTROPY = 3.0


def shannon_entropy(value: str) -> float:
    """Bits of information per character, estimated from the character frequencies of `value`."""
    if not value:
        return 0.0
    length = len(value)
    return -sum(count / length * math.log2(count / length) for count in Counter(value).values())


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
_GITLAB_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])gl(?:pat|ptt|dt|rt)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])")
_SLACK_WEBHOOK = re.compile(r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}")
_ANTHROPIC_KEY = re.compile(r"(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])")
_OPENAI_KEY = re.compile(
    r"(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}"
    r"|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])"
)
_GOOGLE_API_KEY = re.compile(r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])")
_AZURE_ACCOUNT_KEY = re.compile(r"AccountKey=([A-Za-z0-9+/]{86}==)")
_AZURE_SHARED_ACCESS_KEY = re.compile(r"SharedAccessKey=([A-Za-z0-9+/]{43}=)")
# Azure AD (Entra ID) client secrets: three characters, a digit, "Q~", then 31 to 34 more.
_AZURE_CLIENT_SECRET = re.compile(
    r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])"
)
# An AWS secret access key written with its name in configuration text (an ini or env file held in a string).
_AWS_SECRET_IN_TEXT = re.compile(
    r"aws_?secret_?(?:access_?)?key['\"]?\s*[:=]\s*['\"]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", re.IGNORECASE
)
_AWS_SECRET_VALUE = re.compile(r"[A-Za-z0-9/+]{40}")
_JWT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])")
# The header and payload of the token on jwt.io and in most tutorials: an example, not a credential.
_EXAMPLE_JWT_CLAIMS = ('"John Doe"', '"1234567890"')
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


def _mixed_classes(value: str) -> bool:
    return any(c.islower() for c in value) and any(c.isupper() for c in value) and any(c.isdigit() for c in value)


def _jwt_match(text: str) -> SecretMatch | None:
    for match in _JWT.finditer(text):
        header, payload, _ = match.group().split(".", 2)
        decoded_header = _base64url_json(header)
        if not isinstance(decoded_header, dict) or decoded_header.get("alg") in (None, "none"):
            continue  # not a JWS header, or an unsigned token
        claims = _base64url_text(payload)
        if claims is None or any(example in claims for example in _EXAMPLE_JWT_CLAIMS):
            continue
        return SecretMatch("JSON Web Token", match.group(), certain=False)
    return None


def _base64url_text(part: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _base64url_json(part: str) -> object:
    text = _base64url_text(part)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _more_provider_secrets(text: str) -> SecretMatch | None:
    """Provider formats added for issue 4 (GitLab, Slack webhooks, Anthropic, OpenAI, Google, Azure, AWS secret
    keys in configuration text, JWTs)."""
    if "gl" in text:
        for match in _GITLAB_TOKEN.finditer(text):
            if _random_enough(match.group(), match.group().index("-") + 1):
                return SecretMatch("GitLab token", match.group())
    if "hooks.slack.com" in text:
        for match in _SLACK_WEBHOOK.finditer(text):
            if _random_enough(match.group(), match.group().rindex("/") + 1):
                return SecretMatch("Slack webhook URL", match.group())
    if "sk-" in text:
        for match in _ANTHROPIC_KEY.finditer(text):
            if _random_enough(match.group(), 14):
                return SecretMatch("Anthropic API key", match.group())
        for match in _OPENAI_KEY.finditer(text):
            token = match.group()
            if _random_enough(token, token.rindex("-") + 1) and _mixed_classes(token[3:]):
                return SecretMatch("OpenAI API key", token)
    if "AIza" in text:
        for match in _GOOGLE_API_KEY.finditer(text):
            if _random_enough(match.group(), 4):
                return SecretMatch("Google API key", match.group())
    if "AccountKey=" in text:
        for match in _AZURE_ACCOUNT_KEY.finditer(text):
            if _random_enough(match.group(1), 0):
                return SecretMatch("Azure storage account key", match.group(1))
    if "SharedAccessKey=" in text:
        for match in _AZURE_SHARED_ACCESS_KEY.finditer(text):
            if _random_enough(match.group(1), 0):
                return SecretMatch("Azure shared access key", match.group(1))
    if "Q~" in text:
        for match in _AZURE_CLIENT_SECRET.finditer(text):
            if _random_enough(match.group(), 6):
                return SecretMatch("Azure AD client secret", match.group())
    if "ecret" in text or "ECRET" in text:
        for match in _AWS_SECRET_IN_TEXT.finditer(text):
            key = match.group(1)
            if _random_enough(key, 0) and _mixed_classes(key):
                return SecretMatch("AWS secret access key", key)
    if "eyJ" in text:
        return _jwt_match(text)
    return None


def provider_secret_for_name(holder_name: str, value: str) -> SecretMatch | None:
    """A credential recognised by its name and its shape together: an AWS secret access key (40 characters of
    base64) held by a name such as aws_secret_access_key or SECRET_ACCESS_KEY."""
    words = set(name_words(holder_name))
    if {"secret", "key"} <= words and words & {"aws", "access"} and _AWS_SECRET_VALUE.fullmatch(value):
        if _random_enough(value, 0) and _mixed_classes(value):
            return SecretMatch("AWS secret access key", value)
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
    found = _more_provider_secrets(text)
    if found is not None:
        return found
    if "://" in text and "@" in text:
        return _url_password_match(text)
    return None


# ---------------------------------------------------------------------------
# Test fixtures: credentials in tests are usually made up for the test.

_TEST_DIRECTORIES = frozenset({"test", "tests", "testing", "fixtures", "__tests__", "testdata", "test_data"})


def is_test_path(path: str) -> bool:
    """Whether a repo-relative path is test code or test data (tests/, test_*.py, *_test.py, conftest.py)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if any(part.lower() in _TEST_DIRECTORIES for part in parts[:-1]):
        return True
    name = parts[-1].lower() if parts else ""
    stem = name.rsplit(".", 1)[0]
    return stem.startswith("test_") or stem.endswith("_test") or stem in ("conftest", "tests")


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
