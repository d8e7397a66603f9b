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
    short_description="eval, exec, compile or __import__ called on input built at run time",
    full_description=(
        "eval(), exec() and compile() turn a string into running Python code, and __import__() or "
        "importlib.import_module() load the module a string names. Taint-tracked: high confidence when data from "
        "an HTTP request, the command line, the environment or input() reaches the call unsanitised, medium when "
        "its path runs through a call or a check the analysis cannot see into, low when the code is neither "
        "constant nor traced to a source. Constant code (also through variables and module constants) and "
        "values converted with int()/float() are not reported. compile() alone does not run code, so it is "
        "reported with medium severity. Severity: high (CWE-94/95)."
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
    short_description="A shell or program runs a command built from data",
    full_description=(
        "subprocess with shell=True, os.system, os.popen, asyncio.create_subprocess_shell, subprocess.getoutput "
        "and `sh -c` started through subprocess, os.spawn* or os.exec* pass a command line to a shell, where "
        "metacharacters in data (`;`, `|`, `$()`) run commands of the attacker's choice; a program name taken "
        "from a request is reported too. Taint-tracked: high confidence when request, command-line, environment "
        "or input() data reaches the command unsanitised, medium through calls the analysis cannot see into, low "
        "when the command is neither constant nor traced to a source. shlex.quote(), int() and arguments passed "
        "as a list without a shell are safe and not reported. Severity: high (CWE-78)."
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
        "pandas.read_pickle, torch.load) and marshal can construct arbitrary objects while loading, which lets "
        "crafted input run code. Taint-tracked: high confidence when request, command-line, environment or "
        "input() data reaches the loader, medium through calls the analysis cannot see into, low when the data's "
        "origin is unknown (a file, a parameter). Loading a constant bytes literal is not reported. "
        "Severity: high (CWE-502)."
    ),
    severity=Severity.HIGH,
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
        "MD4, MD5 and SHA-1 (hashlib constructors, hashlib.new, PyCryptodome, cryptography's hashes) have practical "
        "collision attacks and must not protect passwords, signatures or integrity checks. The name given to "
        "hashlib.new may be a literal or a constant (a variable, a module constant, a constant dict entry, a "
        "folded expression). Calls that declare usedforsecurity=False (Python 3.9+) state a non-security use, "
        "such as a cache key, and are not reported; neither are calls in a branch that constants disable."
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
        "values naming the field itself) are not reported; a value for a token or key name must also look "
        "generated (mixed characters, enough entropy). In test code (tests/, test_*.py, conftest.py) the finding "
        "has low severity and confidence. The secret is redacted in the report."
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
        "String literals are matched against the formats of AWS access key ids (AKIA/ASIA) and secret access keys "
        "(by their name, or in configuration text), GitHub (ghp_, gho_, ghs_, ghu_, ghr_, github_pat_) and GitLab "
        "(glpat-, glptt-, gldt-, glrt-) tokens, Slack tokens (xox?-) and webhook URLs, Stripe live keys (sk_live_, "
        "rk_live_), OpenAI (sk-, sk-proj-) and Anthropic (sk-ant-) API keys, Google API keys (AIza), Azure storage "
        "and service-bus keys in connection strings and Azure AD client secrets, PEM private key blocks (named "
        "when they belong to a GCP service-account key), and, with medium severity, signed JSON Web Tokens and "
        "URLs with an embedded password (those two not in docstrings or test code). Documented examples and "
        "low-variety placeholders are skipped. The secret is redacted in every output."
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

# ---------------------------------------------------------------------------
# Taint rules: reported only when data from a known source (an HTTP request of Flask, Django, FastAPI,
# Starlette, aiohttp or Tornado; sys.argv; os.environ; input()) reaches the sink, except where noted.

TAINT_CONFIDENCE = (
    "Taint-tracked within the file, through helper functions of the same module: high confidence when "
    "request, command-line, environment or input() data reaches the sink unsanitised on a feasible path, "
    "medium when the path runs through a call or a check the analysis cannot see into."
)

SQL_INJECTION = Rule(
    id="SEC013",
    name="sql-injection",
    short_description="An SQL query is built from untrusted data",
    full_description=(
        "DB-API execute/executemany/executescript, SQLAlchemy text(), Django raw(), extra() and RawSQL and "
        "pandas.read_sql run the SQL text they are given; data formatted into that text (f-strings, %, "
        ".format, concatenation) can change the query. "
        + TAINT_CONFIDENCE
        + " A query built at the call from values of unknown "
        "origin is reported with low confidence. Bound parameters (`execute(sql, (value,))`), int() and "
        "allow-list checks are safe. Severity: high (CWE-89)."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(89,),
    tags=("security", "injection"),
    help=(
        "Keep the SQL text constant and pass values as parameters: "
        '`cursor.execute("SELECT * FROM users WHERE name = %s", (name,))`; in Django use the ORM or '
        '`raw(sql, [value])`; in SQLAlchemy `text("... WHERE id = :id").bindparams(id=value)`.'
    ),
)

PATH_TRAVERSAL = Rule(
    id="SEC014",
    name="path-traversal",
    short_description="A file path is built from untrusted data",
    full_description=(
        "open(), io/codecs.open, os and shutil file operations, pathlib.Path methods, tarfile/zipfile, Flask "
        "send_file/send_from_directory (its directory) and Starlette FileResponse reach any file the process "
        "can when a request supplies `../` or an absolute path. " + TAINT_CONFIDENCE + " os.path.basename(), "
        "werkzeug secure_filename(), int() and a check that the normalised path (realpath/abspath/normpath/"
        "resolve) stays inside a base directory (startswith, commonpath, is_relative_to) are safe. "
        "Severity: high (CWE-22)."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(22,),
    tags=("security", "filesystem"),
    help=(
        "Reduce the name to one component (`werkzeug.utils.secure_filename(name)`), or resolve the path and "
        "check it stays under the base: `path = (BASE / name).resolve()` then `path.is_relative_to(BASE)` "
        "before opening it."
    ),
)

CROSS_SITE_SCRIPTING = Rule(
    id="SEC015",
    name="cross-site-scripting",
    short_description="Untrusted data is written into an HTML response without escaping",
    full_description=(
        "A Flask or Django view that returns request data as HTML (a returned string, make_response, Response, "
        "HttpResponse, HTMLResponse), wraps it in Markup/mark_safe, or renders it through a template with "
        "autoescaping off or the |safe filter lets a crafted link run script in the victim's browser. "
        + TAINT_CONFIDENCE
        + " "
        "html.escape, markupsafe.escape, bleach.clean, Django escape/format_html and int() are safe; so are "
        "JSON responses (jsonify, dict returns, FastAPI). Severity: medium (CWE-79)."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(79,),
    tags=("security", "xss"),
    help=(
        'Render through a template with autoescaping (`render_template("page.html", name=name)`) or escape '
        "explicitly: `markupsafe.escape(name)`; never pass request data to Markup() or mark_safe()."
    ),
)

OPEN_REDIRECT = Rule(
    id="SEC016",
    name="open-redirect",
    short_description="A redirect goes to a URL taken from the request",
    full_description=(
        "redirect() (Flask, Werkzeug, Django), HttpResponseRedirect, RedirectResponse, aiohttp HTTPFound and a "
        "Location header set from request data send users to any site an attacker links, which makes phishing "
        "look legitimate. "
        + TAINT_CONFIDENCE
        + " url_has_allowed_host_and_scheme / is_safe_url checks, a urlparse() host or "
        "scheme check against allowed values, an allow-list membership test and a constant scheme-and-host "
        "prefix are safe. Severity: medium (CWE-601)."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(601,),
    tags=("security", "redirect"),
    help=(
        "Redirect only to local paths or allowed hosts: check with Django's "
        "`url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})`, or compare "
        "`urlparse(url).netloc` with an allow-list, and fall back to a fixed page."
    ),
)

LDAP_INJECTION = Rule(
    id="SEC017",
    name="ldap-injection",
    short_description="An LDAP search filter or base DN is built from untrusted data",
    full_description=(
        "python-ldap search/search_s/search_ext and ldap3 Connection.search evaluate the filter they are "
        "given; request data formatted into it can widen the search or bypass a login check with `*` or "
        "`)(`. "
        + TAINT_CONFIDENCE
        + " ldap.filter.escape_filter_chars, ldap3 escape_filter_chars, ldap.dn.escape_dn_chars "
        "and filter_format are safe. Severity: medium (CWE-90)."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(90,),
    tags=("security", "injection"),
    help=(
        "Escape every value put into a filter: "
        '`ldap.filter.filter_format("(uid=%s)", [name])` or '
        "`ldap3.utils.conv.escape_filter_chars(name)`."
    ),
)

XPATH_INJECTION = Rule(
    id="SEC018",
    name="xpath-injection",
    short_description="An XPath expression is built from untrusted data",
    full_description=(
        "lxml xpath()/XPath()/XPathEvaluator, elementpath select and ElementTree find/findall/iterfind evaluate "
        "the expression they are given; request data formatted into it can select other nodes (`' or '1'='1`). "
        "" + TAINT_CONFIDENCE + ' XPath variables (`tree.xpath("//user[@name=$name]", name=value)`) are safe. '
        "Severity: medium (CWE-643)."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(643,),
    tags=("security", "injection"),
    help=(
        "Keep the expression constant and pass values as XPath variables: "
        '`root.xpath("//user[@name=$name]", name=name)`.'
    ),
)

XML_EXTERNAL_ENTITIES = Rule(
    id="SEC019",
    name="xml-external-entities",
    short_description="Untrusted XML is parsed with external entities enabled",
    full_description=(
        "An lxml XMLParser created with resolve_entities=True, no_network=False or load_dtd=True, and an "
        "xml.sax parser with the external-general-entities or external-parameter-entities feature turned on "
        "(also when handed to minidom or pulldom), read files and URLs that a crafted document names. "
        + TAINT_CONFIDENCE
        + " An unsafe parser given data of unknown origin, and lxml's default parser given request data (it "
        "resolved external entities before lxml 5.0), are reported with low confidence; the sax and minidom "
        "defaults and defusedxml are safe. Severity: high (CWE-611)."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(611,),
    tags=("security", "xml"),
    help=(
        "Parse untrusted XML with defusedxml (`defusedxml.ElementTree.fromstring(data)`), or keep lxml's "
        "`XMLParser(resolve_entities=False, no_network=True)` and leave the sax external-entity features off."
    ),
)

TRUST_BOUNDARY_VIOLATION = Rule(
    id="SEC020",
    name="trust-boundary-violation",
    short_description="Untrusted request data is stored in the session",
    full_description=(
        "The session (Flask session, Django request.session) holds data the application later trusts; storing "
        "request data in it unvalidated mixes trusted and untrusted values, so later code may act on what an "
        "attacker chose. "
        + TAINT_CONFIDENCE
        + " int() conversion and allow-list checks are safe. Severity: low (CWE-501)."
    ),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=(501,),
    tags=("security", "session"),
    help="Validate the value (type, allow-list, length) before `session[key] = value`, or keep it out of the session.",
)

SERVER_SIDE_REQUEST_FORGERY = Rule(
    id="SEC021",
    name="server-side-request-forgery",
    short_description="The server requests a URL or host taken from untrusted data",
    full_description=(
        "requests, httpx, aiohttp client sessions, urllib.request.urlopen, urllib3 and http.client connect to "
        "whatever URL or host they are given; a request-supplied one lets an attacker reach internal services "
        "or cloud metadata endpoints through the server. "
        + TAINT_CONFIDENCE
        + " A constant scheme-and-host prefix and a "
        "urlparse() host check against allowed values are safe. Severity: high (CWE-918)."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(918,),
    tags=("security", "network"),
    help=(
        'Build the URL from a fixed base (`f"https://api.example.com/items/{int(item_id)}"`) or check '
        "`urlparse(url).hostname` against an allow-list before requesting it."
    ),
)

SERVER_SIDE_TEMPLATE_INJECTION = Rule(
    id="SEC022",
    name="server-side-template-injection",
    short_description="A template is compiled from untrusted data",
    full_description=(
        "render_template_string, jinja2 Template / Environment.from_string, Django Template and Mako or Tornado "
        "templates compile the text they are given; template syntax in request data (`{{ ... }}`) runs with "
        "the template engine's power, up to arbitrary code. "
        + TAINT_CONFIDENCE
        + " A template built at the call from values of "
        "unknown origin is reported with low confidence; passing data as render arguments is safe. "
        "Severity: high (CWE-1336)."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(1336, 94),
    tags=("security", "injection"),
    help=(
        "Keep templates constant (files or literals) and pass data as variables: "
        '`render_template_string("Hello {{ name }}", name=name)`.'
    ),
)

INSECURE_COOKIE = Rule(
    id="SEC030",
    name="insecure-cookie",
    short_description="A cookie is set without the Secure or HttpOnly flag",
    full_description=(
        "set_cookie (Flask/Werkzeug, Django, Starlette/FastAPI, aiohttp) without secure=True sends the cookie over "
        "plain HTTP too, where anyone on the network path can read it (CWE-614); without httponly=True page "
        "scripts can read it, so one cross-site scripting flaw leaks it (CWE-1004). Settings that turn the flags "
        "off for the session, CSRF or remember-me cookie (SESSION_COOKIE_SECURE = False, "
        "SESSION_COOKIE_HTTPONLY = False, ...) are reported too. Flags are read after constant folding, also "
        "from **options dicts (secure=not DEBUG with DEBUG = True is off); a flag whose value is not known is "
        "taken as configured elsewhere, and calls in branches that constants disable are not reported. Cookies "
        "whose name or value looks like a session id, token or credential are reported with high confidence."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(614, 1004),
    tags=("security", "cookies"),
    help=(
        'Set both flags: `response.set_cookie("session_id", value, secure=True, httponly=True, samesite="Lax")`; '
        "in settings keep SESSION_COOKIE_SECURE = True and SESSION_COOKIE_HTTPONLY = True."
    ),
)

WEAK_RANDOMNESS = Rule(
    id="SEC031",
    name="weak-random-for-secret",
    short_description="The random module makes a value used as a token, password, key or session id",
    full_description=(
        "The random module's generator (random.random, randint, choice, choices, getrandbits, randrange, sample, "
        "random.Random()) is predictable: a few outputs reveal its state and every later value. A value it "
        "produces is reported when it becomes a token, password, key, nonce, salt, one-time code or session id "
        "(assigned to such a name, passed as such a keyword, returned from a function with such a name, stored "
        "under such a key) or is sent to the client in a cookie; with medium confidence when a view returns or "
        "responds with a token-like random value. A local is reported when it is used, so a value overwritten "
        "first is not; branches and conditional expressions that constants decide are followed. Simulations, "
        "sampling and shuffling, the secrets module and random.SystemRandom are not reported."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(330, 338),
    tags=("security", "cryptography"),
    help=(
        "Use the secrets module for anything an attacker must not guess: `secrets.token_urlsafe(32)`, "
        "`secrets.token_hex(16)`, `secrets.choice(alphabet)`, `secrets.randbelow(10**6)` for a one-time code."
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
    SQL_INJECTION,
    PATH_TRAVERSAL,
    CROSS_SITE_SCRIPTING,
    OPEN_REDIRECT,
    LDAP_INJECTION,
    XPATH_INJECTION,
    XML_EXTERNAL_ENTITIES,
    TRUST_BOUNDARY_VIOLATION,
    SERVER_SIDE_REQUEST_FORGERY,
    SERVER_SIDE_TEMPLATE_INJECTION,
    INSECURE_COOKIE,
    WEAK_RANDOMNESS,
    SUPPRESSION_PROBLEM,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
