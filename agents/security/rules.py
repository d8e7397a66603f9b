"""The security agent's rule catalogue: what each check finds, how bad it is and how to fix it.

Severity says how bad the problem is when the finding is real; confidence says how likely the
static check is to be right about it. A finding may lower either for a specific case (a
command interpolated into a shell string is more certain than one held in a variable).
"""

from __future__ import annotations

from agents.base import Rule, suppression_problem_rule
from analyzer.findings import Confidence, Severity

CODE_EVALUATION = Rule(
    id="SEC001",
    name="dynamic-code-evaluation",
    short_description="eval, exec or compile called on input built at run time",
    full_description=(
        "eval(), exec() and compile() turn a string into running Python code. When that string is built at "
        "run time, anyone who can influence it can run arbitrary code in the process. Calls on a constant "
        "string (or a module-level UPPER_CASE constant) are not reported. compile() alone does not run code, "
        "so it is reported with a lower severity."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(95, 94),
    tags=("security", "injection"),
    help=(
        "Do not evaluate strings built from data. To read a Python literal use `ast.literal_eval(text)`; to "
        "read structured data use `json.loads(text)`; to pick an operation by name use a dictionary of "
        "allowed functions, e.g. `OPERATIONS[name](value)`. A restricted `globals` argument is not a sandbox."
    ),
)

SHELL_INJECTION = Rule(
    id="SEC002",
    name="shell-command-injection",
    short_description="A shell runs a command built at run time",
    full_description=(
        "subprocess with shell=True, os.system, os.popen, asyncio.create_subprocess_shell, subprocess.getoutput "
        "and programs such as `sh -c` started through subprocess, os.spawn* or os.exec* pass a command line to "
        "a shell. When the command line is built from data, shell metacharacters in that data (`;`, `|`, `$()`) "
        "run commands of the attacker's choice. A command that is entirely constant cannot be injected and is "
        "not reported; shell=True given through a variable is not reported either."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(78,),
    tags=("security", "injection"),
    help=(
        "Pass the program and its arguments as a list and leave the shell out: "
        '`subprocess.run(["grep", pattern, path], check=True)`. If a shell is truly needed, quote every '
        "interpolated value with `shlex.quote()`, and never put untrusted text before `-c`."
    ),
)

INSECURE_DESERIALIZATION = Rule(
    id="SEC003",
    name="insecure-deserialization",
    short_description="Data deserialized with pickle, marshal, shelve, dill or a similar module",
    full_description=(
        "pickle and the modules built on it (cPickle, _pickle, dill, cloudpickle, shelve, jsonpickle, "
        "pandas.read_pickle) and marshal can construct arbitrary objects while loading, which lets crafted "
        "input run code. Loading a constant bytes literal is not reported."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(502,),
    tags=("security", "deserialization"),
    help=(
        "Only unpickle data this program wrote itself and stored where nobody else can write. For data that "
        "crosses a trust boundary use a data-only format such as JSON (`json.loads`), or sign the payload "
        "with `hmac` and verify the signature before loading."
    ),
)

UNSAFE_YAML_LOAD = Rule(
    id="SEC004",
    name="unsafe-yaml-load",
    short_description="YAML loaded with a loader that can construct arbitrary Python objects",
    full_description=(
        "yaml.load and yaml.load_all without a safe loader, and yaml.unsafe_load, honour tags such as "
        "`!!python/object/apply`, so a crafted document runs code while it is parsed. Loader=SafeLoader, "
        "CSafeLoader, BaseLoader or CBaseLoader (or a class in the same file derived from one), and "
        "yaml.safe_load, are safe and not reported. A loader the check cannot identify is reported with low "
        "confidence."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(502,),
    tags=("security", "deserialization"),
    help="Use `yaml.safe_load(stream)` or `yaml.load(stream, Loader=yaml.SafeLoader)`.",
)

WEAK_HASH = Rule(
    id="SEC005",
    name="weak-hash-algorithm",
    short_description="MD4, MD5 or SHA-1 used where it may protect security",
    full_description=(
        "MD4, MD5 and SHA-1 have practical collision attacks and must not protect passwords, signatures or "
        "integrity checks. Calls that declare usedforsecurity=False (Python 3.9+) state a non-security use, "
        "such as a cache key, and are not reported."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(327, 328),
    tags=("security", "cryptography"),
    help=(
        "Use `hashlib.sha256()` (or `hashlib.blake2b()`) for integrity, and a password hash such as "
        "`hashlib.scrypt` or argon2 for passwords. If the hash does not protect anything, say so: "
        "`hashlib.md5(data, usedforsecurity=False)`."
    ),
)

HARDCODED_SECRET = Rule(
    id="SEC006",
    name="hardcoded-password",
    short_description="A password, token or key is written as a string literal",
    full_description=(
        "A string literal is assigned, passed, compared or used as a default for a name such as password, "
        "passwd, pwd, secret, token, api_key, private_key, secret_key or access_key. Secrets in source code "
        "leak through the repository, its history and every copy of it. Empty strings, values shorter than "
        "four characters, values with spaces, and placeholders (changeme, xxx, <...>, ${...}, {...}, your_..., "
        "values naming the field itself) are not reported. The secret is redacted in the report."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(798, 259),
    tags=("security", "secrets"),
    help=(
        "Read the secret at run time from the environment or a secret manager, e.g. "
        '`password = os.environ["DB_PASSWORD"]`, and rotate the value that was committed: it stays in the '
        "repository history."
    ),
)

PROVIDER_SECRET = Rule(
    id="SEC007",
    name="provider-secret-in-code",
    short_description="A credential with a recognisable provider format appears in a string literal",
    full_description=(
        "String literals are matched against the formats of AWS access key ids (AKIA/ASIA), GitHub tokens "
        "(ghp_, gho_, ghs_, ghu_, ghr_, github_pat_), Slack tokens (xox?-), Stripe live secret keys (sk_live_), "
        "PEM private key blocks, and URLs with an embedded password. Documented examples and low-variety "
        "placeholders are skipped. The secret is redacted in the report."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798,),
    tags=("security", "secrets"),
    help=(
        "Revoke the credential at the provider now: it stays in the repository history even after the line "
        "is removed. Then load it at run time from the environment or a secret manager."
    ),
)

TLS_VERIFICATION_DISABLED = Rule(
    id="SEC008",
    name="tls-verification-disabled",
    short_description="TLS certificate verification is turned off",
    full_description=(
        "requests and httpx with verify=False, aiohttp with ssl=False, ssl._create_unverified_context and "
        "certificate requirements of CERT_NONE accept any certificate, so anyone on the network path can read "
        "and change the traffic. HTTP calls on objects the check cannot identify (such as a session) are "
        "reported with medium confidence."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(295,),
    tags=("security", "tls"),
    help=(
        "Leave verification on. For a private certificate authority pass its bundle: "
        '`requests.get(url, verify="/path/to/ca.pem")` or `ssl.create_default_context(cafile=...)`.'
    ),
)

BIND_ALL_INTERFACES = Rule(
    id="SEC009",
    name="bind-all-interfaces",
    short_description="A server listens on all network interfaces",
    full_description=(
        "Binding to 0.0.0.0 or :: exposes the service on every network the host is attached to, not only on "
        "the loopback interface. The check looks at bind() and server or run() calls and at host=/bind= "
        "arguments, not at every occurrence of the string."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(605,),
    tags=("security", "network"),
    help=(
        "Bind to 127.0.0.1 by default and make the address configurable, e.g. "
        '`app.run(host=os.environ.get("HOST", "127.0.0.1"))`; expose the service through a reverse proxy '
        "or firewall rule when it must be reachable."
    ),
)

DEBUG_MODE_ENABLED = Rule(
    id="SEC010",
    name="debug-mode-enabled",
    short_description="A web application runs with its interactive debugger enabled",
    full_description=(
        "app.run(debug=True) in Flask (and werkzeug's run_simple with use_debugger=True) serves the Werkzeug "
        "debugger, which lets anyone who can trigger an error run Python code in the server process."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(489, 94),
    tags=("security", "configuration"),
    help=(
        "Never enable the debugger outside a developer's machine. Drive it from configuration, e.g. "
        '`app.run(debug=os.environ.get("FLASK_DEBUG") == "1")`, and serve production with a WSGI server.'
    ),
)

INSECURE_TEMP_FILE = Rule(
    id="SEC011",
    name="insecure-temp-file",
    short_description="tempfile.mktemp returns a name another process can claim first",
    full_description=(
        "tempfile.mktemp only returns a file name; between choosing it and creating the file another process "
        "can create a file or symbolic link with that name and have this program write through it."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(377,),
    tags=("security", "filesystem"),
    help=(
        "Use `tempfile.NamedTemporaryFile()`, `tempfile.mkstemp()` or `tempfile.TemporaryDirectory()`, which "
        "create the file or directory atomically."
    ),
)

TEMPLATE_AUTOESCAPE_DISABLED = Rule(
    id="SEC012",
    name="template-autoescape-disabled",
    short_description="A jinja2 Environment renders without HTML autoescaping",
    full_description=(
        "jinja2.Environment escapes nothing unless autoescape is set; values rendered into HTML can then "
        "inject script (cross-site scripting). autoescape=False is reported with high confidence; an "
        "Environment without the argument is reported with low confidence, because it may render text that "
        "is not HTML."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(79,),
    tags=("security", "xss"),
    help=(
        "Create the environment with `autoescape=jinja2.select_autoescape()` (or `autoescape=True` for HTML "
        "only), and mark trusted markup explicitly with `markupsafe.Markup`."
    ),
)

SUPPRESSION_PROBLEM = suppression_problem_rule("SEC000", cwe=(1164,), tags=("security", "suppression"))
"""Bad inline suppressions. CWE-1164 (irrelevant code): an unused suppression is dead text that would hide a
later, real finding on its statement."""

RULES: tuple[Rule, ...] = (
    CODE_EVALUATION,
    SHELL_INJECTION,
    INSECURE_DESERIALIZATION,
    UNSAFE_YAML_LOAD,
    WEAK_HASH,
    HARDCODED_SECRET,
    PROVIDER_SECRET,
    TLS_VERIFICATION_DISABLED,
    BIND_ALL_INTERFACES,
    DEBUG_MODE_ENABLED,
    INSECURE_TEMP_FILE,
    TEMPLATE_AUTOESCAPE_DISABLED,
    SUPPRESSION_PROBLEM,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
