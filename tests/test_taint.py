"""The taint engine: sources, propagation, precision, sanitisers, sinks, helpers, flows and confidence.

Most cases run a small Flask view through the real security agent, with `param` holding request
data, and check which taint rules fire at which confidence. Safe look-alikes sit next to each
vulnerable case.
"""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from agents.base import AgentContext
from agents.security.agent import AGENT
from agents.security.rules import RULES_BY_ID
from agents.security.taint.fstrings import requote_nested_fstrings

TAINT_RULES = {"SEC001", "SEC002", "SEC003", *(f"SEC0{number}" for number in range(13, 23))}
RANK = {"low": 0, "medium": 1, "high": 2}


def scan(root: Path, code: str, name: str = "app.py") -> dict[str, Any]:
    (root / name).write_text(textwrap.dedent(code), encoding="utf-8")
    return AGENT.analyze(AgentContext(root=root), [name])


def taint_issues(payload: dict[str, Any]) -> list[dict[str, Any]]:
    assert payload["skipped"] == []
    return [issue for issue in payload["issues"] if issue["ruleId"] in TAINT_RULES]


def found(root: Path, code: str) -> dict[str, str]:
    """Taint rule id -> the best confidence it was reported with."""
    best: dict[str, str] = {}
    for issue in taint_issues(scan(root, code)):
        rule, confidence = issue["ruleId"], issue["confidence"]
        if rule not in best or RANK[confidence] > RANK[best[rule]]:
            best[rule] = confidence
    return best


def flask_view(body: str, *, imports: str = "") -> str:
    """A Flask view where `param` holds a query parameter, with `body` as the rest of the view."""
    return (
        "import os\nimport subprocess\nfrom flask import Flask, request\n"
        + textwrap.dedent(imports)
        + "\napp = Flask(__name__)\n\n\n@app.route('/run')\ndef view():\n"
        + "    param = request.args.get('p', '')\n"
        + textwrap.indent(textwrap.dedent(body), "    ")
        + "\n    return 'done'\n"
    )


# ---------------------------------------------------------------------------
# Propagation: every form carries taint from `param` to the shell.

PROPAGATION = {
    "assignment": "a = param\nb = a\nos.system(b)",
    "augmented assignment": "cmd = 'ls '\ncmd += param\nos.system(cmd)",
    "f-string": "os.system(f'ls {param}')",
    "percent formatting": "os.system('ls %s' % param)",
    "percent tuple": "os.system('ls %s %s' % ('-l', param))",
    "str.format": "os.system('ls {}'.format(param))",
    "format by name": "os.system('ls {p}'.format(p=param))",
    "concatenation": "os.system('ls ' + param + ' -l')",
    "list element store and load": "items = ['a', 'b']\nitems[1] = param\nos.system(items[1])",
    "dict element store and load": "d = {}\nd['k'] = param\nos.system(d['k'])",
    "append": "items = []\nitems.append(param)\nos.system(items[0])",
    "extend": "items = ['ls']\nitems.extend([param])\nos.system(' '.join(items))",
    "insert": "items = ['a']\nitems.insert(0, param)\nos.system(items[0])",
    "update": "d = {}\nd.update({'k': param})\nos.system(d['k'])",
    "update by keyword": "d = {}\nd.update(k=param)\nos.system(d['k'])",
    "setdefault": "d = {}\nv = d.setdefault('k', param)\nos.system(v)",
    "get": "d = {'k': param}\nos.system(d.get('k'))",
    "pop": "d = {'k': param}\nos.system(d.pop('k'))",
    "list pop": "items = ['safe', param]\nos.system(items.pop())",
    "list constructor": "items = list([param])\nos.system(items[0])",
    "dict constructor": "d = dict(k=param)\nos.system(d['k'])",
    "set constructor": "s = set([param])\nos.system(' '.join(s))",
    "tuple constructor": "t = tuple([param])\nos.system(t[0])",
    "list comprehension": "parts = [p.strip() for p in param.split(',')]\nos.system(parts[0])",
    "dict comprehension": "d = {k: param for k in ('a', 'b')}\nos.system(d['a'])",
    "generator expression": "os.system(' '.join(p for p in [param]))",
    "tuple unpacking": "a, b = 'ls', param\nos.system(b)",
    "starred unpacking": "first, *rest = ['ls', param]\nos.system(rest[0])",
    "conditional expression": "cmd = param if len(param) > 3 else 'ls'\nos.system(cmd)",
    "string methods": "os.system(param.strip().lower().replace('a', 'b').encode().decode())",
    "split and join": "os.system(' '.join(param.split()))",
    "slice": "os.system(param[1:])",
    "unquote": "import urllib.parse\nos.system(urllib.parse.unquote_plus(param))",
    "base64 round trip": "import base64\nos.system(base64.b64decode(base64.b64encode(param.encode())).decode())",
    "json.loads": "import json\nos.system(json.loads(param)['cmd'])",
    "configparser": (
        "import configparser\nconf = configparser.ConfigParser()\nconf.add_section('s')\n"
        "conf.set('s', 'k', param)\nos.system(conf.get('s', 'k'))"
    ),
    "io.StringIO": "import io\nbuffer = io.StringIO()\nbuffer.write(param)\nos.system(buffer.getvalue())",
    "deque": "import collections\nq = collections.deque()\nq.append(param)\nos.system(q.popleft())",
    "walrus": "if (cmd := param):\n    os.system(cmd)",
    "attribute of self-like object": "class Box:\n    pass\nbox = Box()\nbox.cmd = param\nos.system(box.cmd)",
    "loop variable": "for part in param.split(','):\n    os.system(part)",
    "while loop carries": "cmd = 'ls'\nn = 0\nwhile n < 3:\n    os.system(cmd)\n    cmd = param\n    n += 1",
    "try/except": "try:\n    cmd = param\nexcept ValueError:\n    cmd = 'ls'\nos.system(cmd)",
    "with statement": "with open('/tmp/log') as handle:\n    cmd = param + handle.name\nos.system(cmd)",
    "repr and str": "os.system(str(param) + repr(param))",
}


@pytest.mark.parametrize("body", PROPAGATION.values(), ids=PROPAGATION.keys())
def test_taint_propagates_through(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, flask_view(body)) == {"SEC002": "high"}


# ---------------------------------------------------------------------------
# Precision: constants, dead branches, containers, overwrites.

PRECISE = {
    "constant folding decides a conditional expression": (
        "num = 106\nbar = 'safe' if 7 * 18 + num > 200 else param\nos.system('echo ' + bar)"
    ),
    "constant folding decides an if statement": (
        "num = 86\nif 7 * 42 - num > 200:\n    bar = 'safe'\nelse:\n    bar = param\nos.system(bar)"
    ),
    "constant string test": (
        "bar = 'This should never happen'\nif 'should' not in bar:\n    bar = param\nos.system(bar)"
    ),
    "dead branch if False": "cmd = 'ls'\nif False:\n    cmd = param\nos.system(cmd)",
    "dead while": "cmd = 'ls'\nwhile 0:\n    cmd = param\nos.system(cmd)",
    "overwritten with a constant": "cmd = param\ncmd = 'ls'\nos.system(cmd)",
    "list read of a constant element": (
        "items = []\nitems.append('safe')\nitems.append(param)\nitems.append('more')\nitems.pop(0)\nos.system(items[1])"
    ),
    "dict read of a constant key": "d = {}\nd['a'] = 'safe'\nd['b'] = param\nos.system(d['a'])",
    "configparser constant option": (
        "import configparser\nconf = configparser.ConfigParser()\nconf.add_section('s')\n"
        "conf.set('s', 'a', 'fixed')\nconf.set('s', 'b', param)\nos.system(conf.get('s', 'a'))"
    ),
    "match on a constant subject": (
        "guess = 'ABC'[1]\nmatch guess:\n    case 'A':\n        bar = param\n    case 'B':\n        bar = 'bob'\n"
        "    case _:\n        bar = param\nos.system(bar)"
    ),
    "copy before the taint": "text = ''\ncopy = text\ntext += param\ncopy += 'ok'\nos.system(copy)",
    "arithmetic result": "os.system('sleep ' + str(len(param) * 2))",
    "return after a check": "if param:\n    return 'no'\nos.system(param)",
    "tuple unpacking keeps positions": "a, b = param, 'ls'\nos.system(b)",
    "module constant": "os.system(LISTING)",
}


@pytest.mark.parametrize("body", PRECISE.values(), ids=PRECISE.keys())
def test_provably_clean_values_are_not_reported(tmp_path: Path, body: str) -> None:
    code = flask_view(body).replace("app = Flask(__name__)", "app = Flask(__name__)\nLISTING = 'ls -l'")
    assert found(tmp_path, code) == {}


# ---------------------------------------------------------------------------
# Sanitisers and guards, per sink kind.

SANITISED = {
    "int for a command": "os.system('kill ' + str(int(param)))",
    "float for SQL": "import sqlite3\nsqlite3.connect('a').execute(f'SELECT {float(param)}')",
    "uuid for a path": "import uuid\nopen(f'/data/{uuid.UUID(param)}.json')",
    "numeric format spec": "os.system(f'kill {int(param):d}')",
    "shlex.quote": "import shlex\nos.system('ls ' + shlex.quote(param))",
    "list form without a shell": "subprocess.run(['ls', param], check=False)",
    "html.escape": "return '<p>' + __import__('html').escape(param) + '</p>'",
    "markupsafe.escape": "import markupsafe\nreturn f'<p>{markupsafe.escape(param)}</p>'",
    "bleach.clean": "import bleach\nreturn bleach.clean(param)",
    "basename": "open(os.path.join('/data', os.path.basename(param)))",
    "secure_filename": "from werkzeug.utils import secure_filename\nopen('/data/' + secure_filename(param))",
    "normalised path containment": (
        "base = os.path.realpath('/data')\npath = os.path.realpath(os.path.join(base, param))\n"
        "if not path.startswith(base + os.sep):\n    return 'no'\nopen(path)"
    ),
    "commonpath containment": (
        "base = os.path.realpath('/data')\npath = os.path.realpath(os.path.join(base, param))\n"
        "if os.path.commonpath([base, path]) != base:\n    raise ValueError(path)\nopen(path)"
    ),
    "pathlib resolve and is_relative_to": (
        "import pathlib\nbase = pathlib.Path('/data')\npath = (base / param).resolve()\n"
        "if path.is_relative_to(base):\n    path.read_text()"
    ),
    "basename equality check": (
        "name = os.path.basename(param)\nif name != param:\n    raise ValueError(param)\nopen('/data/' + param)"
    ),
    "parameter binding": "import sqlite3\nsqlite3.connect('a').execute('SELECT * FROM t WHERE n = ?', (param,))",
    "allow-list membership": "if param in ('ls', 'pwd'):\n    os.system(param)",
    "allow-list with early exit": "ALLOWED = {'a', 'b'}\nif param not in ALLOWED:\n    return 'no'\nos.system(param)",
    "assert allow-list": "assert param in ['a', 'b']\nos.system(param)",
    "equality with a constant": "if param == 'status':\n    os.system(param)",
    "isdigit check": "if param.isdigit():\n    os.system('kill ' + param)",
    "anchored regex fullmatch": "import re\nif re.fullmatch(r'[a-z0-9]+', param):\n    os.system('id ' + param)",
    "urlparse host allow-list": (
        "from flask import redirect\nfrom urllib.parse import urlparse\nurl = urlparse(param)\n"
        "if url.netloc not in ['example.com'] or url.scheme != 'https':\n    return 'no'\nreturn redirect(param)"
    ),
    "relative redirect only": (
        "from flask import redirect\nfrom urllib.parse import urlparse\ntarget = param.replace('\\\\', '/')\n"
        "if urlparse(target).netloc:\n    return 'no'\nreturn redirect(target)"
    ),
    "constant host prefix for a redirect": (
        "from flask import redirect\nreturn redirect('https://example.com/' + param)"
    ),
    "constant host prefix for SSRF": "import requests\nrequests.get(f'https://api.example.com/v1/{param}', timeout=5)",
    "ldap filter escaping": (
        "import ldap\nfrom ldap.filter import escape_filter_chars\nconn = ldap.initialize('ldap://h')\n"
        "conn.search_s('dc=x', ldap.SCOPE_SUBTREE, '(uid=' + escape_filter_chars(param) + ')')"
    ),
    "xpath variables": "from lxml import etree\netree.parse('a.xml').xpath('//u[@n=$name]', name=param)",
    "escaping helper by name": "from helpers import escape_for_html\nreturn '<p>' + escape_for_html(param) + '</p>'",
    "quoted literal check before eval": (
        'if not param.startswith("\'") or not param.endswith("\'") or "\'" in param[1:-1]:\n'
        "    return 'no'\neval(param)"
    ),
}


@pytest.mark.parametrize("body", SANITISED.values(), ids=SANITISED.keys())
def test_sanitised_or_guarded_data_is_not_reported(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, flask_view(body)) == {}


def test_a_sanitiser_only_protects_its_own_sink_kind(tmp_path: Path) -> None:
    body = "import html, sqlite3\nsafe = html.escape(param)\nsqlite3.connect('a').execute(f'SELECT {safe}')"
    assert found(tmp_path, flask_view(body)) == {"SEC013": "high"}


def test_decoding_undoes_what_an_encoder_made_safe(tmp_path: Path) -> None:
    body = "import base64\nencoded = base64.b64encode(param.encode())\nos.system(base64.b64decode(encoded).decode())"
    assert found(tmp_path, flask_view(body)) == {"SEC002": "high"}


def test_a_sanitised_value_on_one_branch_only_stays_dangerous(tmp_path: Path) -> None:
    body = "import shlex\ncmd = shlex.quote(param) if len(param) > 2 else param\nos.system('ls ' + cmd)"
    assert found(tmp_path, flask_view(body)) == {"SEC002": "high"}


def test_a_relative_url_check_without_backslash_normalising_stays_medium(tmp_path: Path) -> None:
    # Browsers read "/\\evil.example" as "//evil.example": no netloc, yet another site.
    body = (
        "from flask import redirect\nfrom urllib.parse import urlparse\nif not urlparse(param).netloc:\n"
        "    return redirect(param)"
    )
    assert found(tmp_path, flask_view(body)) == {"SEC016": "medium"}


def test_startswith_without_normalising_is_not_a_containment_check(tmp_path: Path) -> None:
    body = "path = os.path.join('/data', param)\nif path.startswith('/data'):\n    open(path)"
    assert found(tmp_path, flask_view(body)) == {"SEC014": "high"}


# ---------------------------------------------------------------------------
# Sources.

SOURCES = {
    "flask form": "from flask import Flask, request\napp = Flask(__name__)\n@app.post('/x')\ndef x():\n"
    "    os.system(request.form['c'])\n",
    "flask aliased request": "from flask import Flask, request as r\napp = Flask(__name__)\n@app.get('/x')\ndef x():\n"
    "    os.system(r.args.get('c'))\n",
    "flask module attribute": "import flask\napp = flask.Flask(__name__)\n@app.get('/x')\ndef x():\n"
    "    os.system(flask.request.cookies['c'])\n",
    "flask json": "from flask import Flask, request\napp = Flask(__name__)\n@app.post('/x')\ndef x():\n"
    "    os.system(request.get_json()['c'])\n",
    "flask route parameter": "from flask import Flask\napp = Flask(__name__)\n@app.get('/x/<name>')\ndef x(name):\n"
    "    os.system('ls ' + name)\n",
    "django GET": "from django.http import HttpResponse\ndef view(request):\n    os.system(request.GET['c'])\n"
    "    return HttpResponse('ok')\n",
    "django META": "from django.http import HttpResponse\ndef view(request):\n"
    "    os.system(request.META.get('HTTP_X'))\n    return HttpResponse('ok')\n",
    "django URL kwarg": "from django.http import HttpResponse\ndef view(request, slug):\n    os.system('ls ' + slug)\n"
    "    return HttpResponse('ok')\n",
    "django class-based view": "from django.views import View\nclass V(View):\n    def post(self, request):\n"
    "        os.system(request.POST['c'])\n",
    "fastapi query parameter": "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/x')\ndef x(cmd: str):\n"
    "    os.system(cmd)\n",
    "fastapi pydantic body": "from fastapi import FastAPI\nfrom pydantic import BaseModel\nclass Job(BaseModel):\n"
    "    cmd: str\napp = FastAPI()\n@app.post('/x')\ndef x(job: Job):\n    os.system(job.cmd)\n",
    "starlette Request": "from fastapi import FastAPI, Request\napp = FastAPI()\n@app.get('/x')\n"
    "async def x(request: Request):\n    os.system(request.query_params['c'])\n",
    "starlette json": "from fastapi import FastAPI, Request\napp = FastAPI()\n@app.post('/x')\n"
    "async def x(request: Request):\n    body = await request.json()\n    os.system(body['c'])\n",
    "aiohttp query": "from aiohttp import web\nasync def handler(request):\n    os.system(request.query['c'])\n"
    "    return web.Response(text='ok')\n",
    "aiohttp match_info": "from aiohttp import web\nasync def handler(request):\n"
    "    os.system(request.match_info['c'])\n    return web.Response(text='ok')\n",
    "aiohttp post": "from aiohttp import web\nasync def handler(request):\n    data = await request.post()\n"
    "    os.system(data['c'])\n    return web.Response(text='ok')\n",
    "tornado argument": "import tornado.web\nclass H(tornado.web.RequestHandler):\n    def get(self):\n"
    "        os.system(self.get_argument('c'))\n",
    "sys.argv": "import sys\nos.system(sys.argv[1])\n",
    "os.environ": "os.system(os.environ['CMD'])\n",
    "os.environ.get": "os.system(os.environ.get('CMD', 'ls'))\n",
    "os.getenv": "os.system(os.getenv('CMD'))\n",
    "input": "os.system(input('command: '))\n",
}


@pytest.mark.parametrize("code", SOURCES.values(), ids=SOURCES.keys())
def test_each_source_family_reaches_a_sink_with_high_confidence(tmp_path: Path, code: str) -> None:
    assert found(tmp_path, "import os\n" + code) == {"SEC002": "high"}


@pytest.mark.parametrize(
    "code",
    [
        "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/x')\n"
        "def x(count: int):\n    os.system(f'seq {count}')\n",
        "from flask import Flask\napp = Flask(__name__)\n@app.get('/x/<int:n>')\n"
        "def x(n):\n    os.system(f'seq {n}')\n",
        "def helper(request):\n    os.system(request.args['c'])\n",
    ],
    ids=["fastapi int parameter", "flask int converter", "request parameter without a web framework"],
)
def test_values_the_framework_converts_or_that_are_not_requests_are_not_tainted(tmp_path: Path, code: str) -> None:
    assert found(tmp_path, "import os\n" + code) in ({}, {"SEC002": "low"})


# ---------------------------------------------------------------------------
# Sinks: every class, vulnerable and safe.

SINKS = {
    "SEC001": ("eval(param)", "eval('1 + 2')"),
    "SEC002": ("subprocess.call(param, shell=True)", "subprocess.call(['echo', param])"),
    "SEC003": ("import pickle\npickle.loads(param.encode())", "import json\njson.loads(param)"),
    "SEC013": (
        "import sqlite3\nsqlite3.connect('a').cursor().execute(\"SELECT * FROM t WHERE n = '%s'\" % param)",
        "import sqlite3\nsqlite3.connect('a').cursor().execute('SELECT * FROM t WHERE n = ?', [param])",
    ),
    "SEC014": ("open('/srv/' + param).read()", "open('/srv/' + os.path.basename(param)).read()"),
    "SEC015": ("return '<h1>' + param + '</h1>'", "return {'name': param}"),
    "SEC016": (
        "from flask import redirect\nreturn redirect(param)",
        "from flask import redirect\nreturn redirect('/home')",
    ),
    "SEC017": (
        "import ldap\nldap.initialize('ldap://h').search_s('dc=x', ldap.SCOPE_SUBTREE, f'(cn={param})')",
        "import ldap\nldap.initialize('ldap://h').search_s('dc=x', ldap.SCOPE_SUBTREE, '(cn=admin)')",
    ),
    "SEC018": (
        "from lxml import etree\netree.parse('a.xml').xpath(\"//u[@n='\" + param + \"']\")",
        "from lxml import etree\netree.parse('a.xml').xpath('//u[@n=$n]', n=param)",
    ),
    "SEC019": (
        "from lxml import etree\netree.fromstring(param, etree.XMLParser(resolve_entities=True))",
        "from lxml import etree\netree.fromstring(param, etree.XMLParser(resolve_entities=False))",
    ),
    "SEC020": (
        "from flask import session\nsession['user'] = param",
        "from flask import session\nsession['user'] = 'guest'",
    ),
    "SEC021": (
        "import requests\nrequests.get(param, timeout=3)",
        "import requests\nrequests.get('https://a.example/', timeout=3)",
    ),
    "SEC022": (
        "from flask import render_template_string\nreturn render_template_string(param)",
        "from flask import render_template_string\nreturn render_template_string('<p>{{ n }}</p>', n=param)",
    ),
}


@pytest.mark.parametrize("rule_id", SINKS.keys())
def test_each_sink_class_fires_on_request_data_and_not_on_its_safe_form(tmp_path: Path, rule_id: str) -> None:
    vulnerable, safe = SINKS[rule_id]
    assert found(tmp_path, flask_view(vulnerable)) == {rule_id: "high"}
    assert found(tmp_path, flask_view(safe)) == {}
    assert RULES_BY_ID[rule_id].cwe


MORE_SINKS = {
    "exec of compiled code": ("SEC001", "exec(compile(param, '<s>', 'exec'))"),
    "__import__": ("SEC001", "__import__(param)"),
    "importlib": ("SEC001", "import importlib\nimportlib.import_module(param)"),
    "os.popen": ("SEC002", "os.popen('ls ' + param)"),
    "sh -c in a list": ("SEC002", "subprocess.run(['sh', '-c', 'ls ' + param])"),
    "program from the request": ("SEC002", "subprocess.run([param, '--help'])"),
    "list built per platform": (
        "SEC002",
        "import platform\nargs = []\nif platform.system() == 'Windows':\n    args.append('cmd.exe')\n"
        "    args.append('/c')\nelse:\n    args.append('sh')\n    args.append('-c')\nargs.append('echo ' + param)\n"
        "subprocess.run(args)",
    ),
    "marshal": ("SEC003", "import marshal\nmarshal.loads(param.encode())"),
    "yaml-free jsonpickle": ("SEC003", "import jsonpickle\njsonpickle.decode(param)"),
    "sqlalchemy text": ("SEC013", "import sqlalchemy\nsqlalchemy.text('SELECT ' + param)"),
    "executemany": ("SEC013", "import sqlite3\nsqlite3.connect('a').executemany(f'DELETE FROM {param}', [])"),
    "asyncpg fetch": ("SEC013", "import asyncpg\nasync def q(conn):\n    await conn.fetch('SELECT ' + param)"),
    "peewee execute_sql": (
        "SEC013",
        "from peewee import SqliteDatabase\nSqliteDatabase('a').execute_sql(f'DROP {param}')",
    ),
    "io.open": ("SEC014", "import io\nio.open(param)"),
    "codecs.open": ("SEC014", "import codecs\ncodecs.open(param)"),
    "pathlib read_text": ("SEC014", "import pathlib\npathlib.Path('/data', param).read_text()"),
    "shutil": ("SEC014", "import shutil\nshutil.rmtree('/data/' + param)"),
    "send_file": ("SEC014", "from flask import send_file\nreturn send_file(param)"),
    "send_from_directory directory": (
        "SEC014",
        "from flask import send_from_directory\nreturn send_from_directory(param, 'a')",
    ),
    "make_response": ("SEC015", "from flask import make_response\nreturn make_response('<b>' + param + '</b>')"),
    "Markup": ("SEC015", "from markupsafe import Markup\nreturn Markup(param)"),
    "template with |safe": (
        "SEC015",
        "from flask import render_template_string\nreturn render_template_string('{{ n|safe }}', n=param)",
    ),
    "jinja2 Template render": ("SEC015", "import jinja2\nreturn jinja2.Template('<p>{{ n }}</p>').render(n=param)"),
    "Location header": (
        "SEC016",
        "from flask import make_response\nresponse = make_response('moved')\nresponse.headers['Location'] = param\n"
        "return response",
    ),
    "ldap3 search": (
        "SEC017",
        "import ldap3\nconn = ldap3.Connection(ldap3.Server('h'))\nconn.search('dc=x', '(uid=' + param + ')')",
    ),
    "etree XPath": ("SEC018", "from lxml import etree\netree.XPath(f'//u[@n={param}]')"),
    "libxml2 xpathEval": ("SEC018", "import libxml2\nlibxml2.parseFile('a.xml').xpathEval(param)"),
    "ElementTree findall": (
        "SEC018",
        "import xml.etree.ElementTree as ET\nET.parse('a.xml').getroot().findall(f\".//u[@n='{param}']\")",
    ),
    "sax with external entities": (
        "SEC019",
        "import xml.sax, xml.dom.minidom\nparser = xml.sax.make_parser()\n"
        "parser.setFeature(xml.sax.handler.feature_external_ges, True)\nxml.dom.minidom.parseString(param, parser)",
    ),
    "session setdefault": ("SEC020", "from flask import session\nsession.setdefault('k', param)"),
    "urllib urlopen": ("SEC021", "import urllib.request\nurllib.request.urlopen(param)"),
    "requests session": ("SEC021", "import requests\nwith requests.Session() as s:\n    s.get(param)"),
    "httpx": ("SEC021", "import httpx\nhttpx.post(param)"),
    "jinja2 from_string": ("SEC022", "import jinja2\njinja2.Environment(autoescape=True).from_string(param)"),
}


@pytest.mark.parametrize(("rule_id", "body"), MORE_SINKS.values(), ids=MORE_SINKS.keys())
def test_more_sinks(tmp_path: Path, rule_id: str, body: str) -> None:
    assert rule_id in found(tmp_path, flask_view(body))


@pytest.mark.parametrize(
    "body",
    [
        "import xml.sax, xml.dom.minidom\nxml.dom.minidom.parseString(param, xml.sax.make_parser())",
        "import defusedxml.ElementTree\ndefusedxml.ElementTree.fromstring(param)",
        "import jinja2.sandbox\njinja2.sandbox.SandboxedEnvironment().from_string(param)",
        "from flask import jsonify\nreturn jsonify(result=param)",
        "import requests\nrequests.get('https://a.example/search', params={'q': param}, timeout=3)",
        "from django.utils.http import url_has_allowed_host_and_scheme\nfrom flask import redirect\n"
        "if url_has_allowed_host_and_scheme(param, {'a.example'}):\n    return redirect(param)",
        "from flask import make_response\nreturn make_response(('saved', {'X-Value': param}))",
    ],
    ids=[
        "default sax parser",
        "defusedxml",
        "sandboxed jinja",
        "json response",
        "query parameters",
        "django host check",
        "value only in a header",
    ],
)
def test_safe_uses_of_sink_apis_are_not_reported(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, flask_view(body)) == {}


def test_fastapi_views_return_json_not_html(tmp_path: Path) -> None:
    code = (
        "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/x')\ndef x(name: str):\n    return f'<p>{name}</p>'\n"
    )
    assert found(tmp_path, code) == {}


def test_django_view_html_response(tmp_path: Path) -> None:
    code = (
        "from django.http import HttpResponse\ndef view(request):\n"
        "    return HttpResponse('<p>' + request.GET['name'] + '</p>')\n"
    )
    assert found(tmp_path, code) == {"SEC015": "high"}


def test_django_raw_and_extra(tmp_path: Path) -> None:
    code = (
        "from django.http import JsonResponse\nfrom .models import Item\ndef view(request):\n"
        "    Item.objects.raw('SELECT * FROM item WHERE id = ' + request.GET['id'])\n"
        "    Item.objects.extra(where=['name = ' + request.GET['name']])\n"
        "    return JsonResponse({})\n"
    )
    issues = taint_issues(scan(tmp_path, code))
    assert sorted((issue["ruleId"], issue["location"]["line"]) for issue in issues) == [("SEC013", 4), ("SEC013", 5)]


# ---------------------------------------------------------------------------
# Helper functions of the same module.


def test_taint_flows_through_a_helper_that_returns_its_argument(tmp_path: Path) -> None:
    body = "os.system(wrap(param))"
    code = flask_view(body) + "\n\ndef wrap(value):\n    return 'ls ' + value\n"
    assert found(tmp_path, code) == {"SEC002": "high"}


def test_a_helper_returning_a_constant_cleans(tmp_path: Path) -> None:
    body = "os.system(choose(param))"
    code = flask_view(body) + "\n\ndef choose(value):\n    return 'ls'\n"
    assert found(tmp_path, code) == {}


def test_a_sink_inside_a_helper_is_reported_there_with_the_callers_source(tmp_path: Path) -> None:
    body = "run(param)"
    code = flask_view(body) + "\n\ndef run(command):\n    os.system(command)\n"
    issues = taint_issues(scan(tmp_path, code))
    assert len(issues) == 1
    issue = issues[0]
    assert (issue["ruleId"], issue["confidence"], issue["location"]["line"]) == ("SEC002", "high", 16)
    assert issue["properties"]["source"]["line"] == 10


def test_a_helper_that_sanitises_cleans(tmp_path: Path) -> None:
    body = "os.system('ls ' + quote_it(param))"
    code = flask_view(body, imports="import shlex") + "\n\ndef quote_it(value):\n    return shlex.quote(value)\n"
    assert found(tmp_path, code) == {}


def test_methods_of_the_same_class_are_followed(tmp_path: Path) -> None:
    code = (
        "import os\nfrom django.views import View\nclass V(View):\n    def get(self, request):\n"
        "        self.run(request.GET['c'])\n    def run(self, command):\n        os.system(command)\n"
    )
    assert found(tmp_path, code) == {"SEC002": "high"}


def test_recursive_helpers_terminate(tmp_path: Path) -> None:
    body = "os.system(again(param, 3))"
    code = flask_view(body) + "\n\ndef again(value, n):\n    return value if n == 0 else again(value, n - 1)\n"
    assert found(tmp_path, code) in ({"SEC002": "high"}, {"SEC002": "medium"})


def test_nested_views_inside_a_registration_function(tmp_path: Path) -> None:
    code = (
        "import os\nfrom flask import request\n\ndef init(app):\n    @app.route('/a', methods=['POST'])\n"
        "    def a_post():\n        os.system(request.form['c'])\n        return 'ok'\n\n"
        "    @app.route('/a', methods=['GET'])\n    def a_get():\n        return a_post()\n"
    )
    assert found(tmp_path, code) == {"SEC002": "high"}


# ---------------------------------------------------------------------------
# Loops reach a fixpoint.


def test_taint_introduced_late_in_a_loop_reaches_an_earlier_sink(tmp_path: Path) -> None:
    body = "cmd = 'ls'\nfor _ in range(3):\n    os.system(cmd)\n    cmd = param"
    assert found(tmp_path, flask_view(body)) == {"SEC002": "high"}


def test_a_loop_that_never_runs_its_body_is_skipped(tmp_path: Path) -> None:
    body = "cmd = 'ls'\nfor item in []:\n    cmd = param\nos.system(cmd)"
    assert found(tmp_path, flask_view(body)) == {}


def test_break_leaves_with_the_values_of_the_breaking_path(tmp_path: Path) -> None:
    body = "cmd = 'ls'\nwhile True:\n    cmd = param\n    break\nos.system(cmd)"
    assert found(tmp_path, flask_view(body)) == {"SEC002": "high"}


# ---------------------------------------------------------------------------
# Flow, source and confidence.


def test_multi_step_flow_is_recorded_from_source_to_sink(tmp_path: Path) -> None:
    code = """\
        import os
        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/run")
        def run():
            name = request.args.get("name", "")
            parts = ["echo"]
            parts.append(name)
            command = " ".join(parts)
            os.system(command)
            return "ok"
        """
    issue = taint_issues(scan(tmp_path, code))[0]

    assert issue["ruleId"] == "SEC002"
    assert issue["confidence"] == "high"
    assert issue["cwe"] == [78]
    assert issue["message"] == "os.system runs a command built from request.args (line 9) through a shell"
    assert issue["properties"]["taint"] == "tainted"
    assert issue["properties"]["source"] == {"line": 9, "column": 12, "description": "request.args"}
    assert issue["properties"]["flow"] == [
        {"line": 9, "column": 12, "description": "source: request.args"},
        {"line": 9, "column": 5, "description": "assigned to 'name'"},
        {"line": 11, "column": 5, "description": "added to 'parts'"},
        {"line": 12, "column": 5, "description": "assigned to 'command'"},
        {"line": 13, "column": 5, "description": "reaches os.system"},
    ]
    json.dumps(issue)  # plain JSON all the way down


def test_flow_through_a_helper_names_the_call(tmp_path: Path) -> None:
    code = flask_view("run(param)") + "\n\ndef run(command):\n    os.system(command)\n"
    flow = taint_issues(scan(tmp_path, code))[0]["properties"]["flow"]
    descriptions = [step["description"] for step in flow]
    assert descriptions == [
        "source: request.args",
        "assigned to 'param'",
        "passed to run() as 'command'",
        "reaches os.system",
    ]


def test_flows_are_at_most_twenty_steps(tmp_path: Path) -> None:
    body = "v0 = param\n" + "".join(f"v{index + 1} = v{index}\n" for index in range(30)) + "os.system(v30)"
    flow = taint_issues(scan(tmp_path, flask_view(body)))[0]["properties"]["flow"]
    assert len(flow) == 20
    assert flow[0]["description"] == "source: request.args"
    assert flow[-1]["description"] == "reaches os.system"


def test_an_unresolved_call_on_the_path_gives_medium_confidence(tmp_path: Path) -> None:
    body = "from helpers import transform\nos.system(transform(param))"
    issue = taint_issues(scan(tmp_path, flask_view(body)))[0]
    assert issue["confidence"] == "medium"
    assert issue["message"].endswith("through a call or a check the analysis cannot see into")


def test_a_check_the_engine_cannot_judge_gives_medium_confidence(tmp_path: Path) -> None:
    body = "from helpers import is_allowed\nif is_allowed(param):\n    os.system(param)"
    assert found(tmp_path, flask_view(body)) == {"SEC002": "medium"}


def test_unknown_origin_is_low_and_has_no_source(tmp_path: Path) -> None:
    issue = taint_issues(scan(tmp_path, "import os\ndef run(cmd):\n    os.system('ls ' + cmd)\n"))[0]
    assert issue["confidence"] == "low"
    assert issue["properties"]["taint"] == "unknown"
    assert "source" not in issue["properties"]
    assert issue["properties"]["flow"] == [{"line": 3, "column": 5, "description": "reaches os.system"}]


def test_taint_only_sinks_are_silent_without_a_source(tmp_path: Path) -> None:
    code = "import requests\ndef fetch(url, path):\n    requests.get(url, timeout=3)\n    return open(path).read()\n"
    assert found(tmp_path, code) == {}


def test_compile_alone_is_medium_severity(tmp_path: Path) -> None:
    issue = taint_issues(scan(tmp_path, flask_view("compile(param, '<s>', 'exec')")))[0]
    assert (issue["ruleId"], issue["severity"], issue["confidence"]) == ("SEC001", "medium", "high")


def test_severity_follows_the_cwe(tmp_path: Path) -> None:
    severities = {rule_id: RULES_BY_ID[rule_id].severity.value for rule_id in sorted(TAINT_RULES)}
    assert severities == {
        "SEC001": "high",
        "SEC002": "high",
        "SEC003": "high",
        "SEC013": "high",
        "SEC014": "high",
        "SEC015": "medium",
        "SEC016": "medium",
        "SEC017": "medium",
        "SEC018": "medium",
        "SEC019": "high",
        "SEC020": "low",
        "SEC021": "high",
        "SEC022": "high",
    }
    for rule_id in severities:
        assert "Severity:" in RULES_BY_ID[rule_id].full_description or rule_id in ("SEC001", "SEC002", "SEC003")


# ---------------------------------------------------------------------------
# Python 3.12 f-strings and robustness.


def test_python_312_fstrings_are_requoted_in_place() -> None:
    text = "x = f'{data.decode('utf-8')} {', '.join(items)} {d[\"k\"]}'\n"
    requoted = requote_nested_fstrings(text)
    assert requoted == 'x = f\'{data.decode("utf-8")} {", ".join(items)} {d["k"]}\'\n'
    ast.parse(requoted)
    assert requote_nested_fstrings("x = f'{a}' + 'b'\n") is None
    assert requote_nested_fstrings("x = f'{a[\"it's\"]}'\n") is None


def test_files_with_python_312_fstrings_are_analysed(tmp_path: Path) -> None:
    body = "name = param\nreturn f'<p>{name.encode('utf-8').decode('utf-8')}</p>'"
    payload = scan(tmp_path, flask_view(body))
    assert [issue["ruleId"] for issue in taint_issues(payload)] == ["SEC015"]


def test_deep_and_odd_code_does_not_break_the_engine(tmp_path: Path) -> None:
    chain = " + ".join(["param"] * 2000)
    body = (
        f"cmd = {chain}\nos.system(cmd)\n"
        "lambda x: x\nclass Inner:\n    value = param\nglobal G\ndel cmd\n"
        "async def inner():\n    async for item in source():\n        await item\n"
        "try:\n    pass\nexcept* ValueError:\n    pass\n"
    )
    assert found(tmp_path, flask_view(body)) == {"SEC002": "high"}


# ---------------------------------------------------------------------------
# Objects of the module's own classes, wrappers and conditions with several parts.


def test_what_a_constructor_stores_on_self_reaches_its_methods(tmp_path: Path) -> None:
    code = flask_view("runner = Runner(param)\nrunner.run()\nrunner.run_safe()") + (
        "\n\nclass Runner:\n    def __init__(self, command, fallback='ls'):\n        self.command = command\n"
        "        self.fallback = fallback\n\n    def run(self):\n        os.system(self.command)\n\n"
        "    def run_safe(self):\n        subprocess.run(self.fallback, shell=True)\n"
    )
    issues = taint_issues(scan(tmp_path, code))
    assert [(issue["ruleId"], issue["confidence"], issue["location"]["line"]) for issue in issues] == [
        ("SEC002", "high", 23),
        ("SEC002", "low", 26),
    ]


def test_a_helper_handed_the_request_exposes_request_data(tmp_path: Path) -> None:
    body = "from helpers import wrap\nwrapped = wrap(request)\nos.system(wrapped.get_form_parameter('c'))"
    assert found(tmp_path, flask_view(body)) == {"SEC002": "medium"}


def test_either_of_two_allowed_constants_is_clean(tmp_path: Path) -> None:
    body = (
        "if param == 'foo' or param == 'bar':\n    eval(param)\nif param == 'foo' or len(param) > 3:\n    exec(param)"
    )
    issues = taint_issues(scan(tmp_path, flask_view(body)))
    assert [(issue["ruleId"], issue["location"]["line"]) for issue in issues] == [("SEC001", 14)]


def test_ldap3_paged_search(tmp_path: Path) -> None:
    body = (
        "import ldap3\nconn = ldap3.Connection(ldap3.Server('ldap://h'))\n"
        "conn.extend.standard.paged_search('dc=x', '(uid=' + param + ')')"
    )
    assert found(tmp_path, flask_view(body)) == {"SEC017": "high"}


def test_data_whose_signature_was_verified_is_trusted(tmp_path: Path) -> None:
    body = (
        "import base64, hashlib, hmac, pickle\nblob = base64.b64decode(param)\nsignature = request.args['sig']\n"
        "expected = hmac.new(b'key', blob, hashlib.sha256).hexdigest()\n"
        "if not hmac.compare_digest(expected, signature):\n    return 'forged'\npickle.loads(blob)"
    )
    assert found(tmp_path, flask_view(body)) == {}
    unsigned = body.replace("if not hmac.compare_digest(expected, signature):\n    return 'forged'\n", "")
    assert found(tmp_path, flask_view(unsigned)) == {"SEC003": "high"}


@pytest.mark.parametrize(
    "check",
    ["import ipaddress\nipaddress.ip_address(param)", "import uuid\nuuid.UUID(param)", "int(param)"],
    ids=["ip address", "uuid", "int"],
)
def test_a_validating_call_used_as_a_statement_cleans_its_argument(tmp_path: Path, check: str) -> None:
    assert found(tmp_path, flask_view(f"{check}\nos.system('ping ' + param)")) == {}


@pytest.mark.parametrize(
    ("pattern", "safe"),
    [
        (r"^[a-zA-Z0-9_-]+$", True),
        (r"^[\w.-]+$", True),
        (r"^\d{1,5}$", True),
        (r"^(start|stop)$", True),
        (r"^[a-z]+", False),
        (r"^.*$", False),
        (r"^[^;|&]+$", False),
        (r"^[a-z/]+$", False),
    ],
)
def test_only_anchored_restrictive_patterns_validate(tmp_path: Path, pattern: str, safe: bool) -> None:
    body = f"import re\nif re.match(r'{pattern}', param):\n    os.system('run ' + param)"
    assert found(tmp_path, flask_view(body)) == ({} if safe else {"SEC002": "high"})


def test_an_uploaded_file_saved_under_its_own_name_is_path_traversal(tmp_path: Path) -> None:
    body = "upload = request.files['doc']\nupload.save(os.path.join('/uploads', upload.filename))"
    assert found(tmp_path, flask_view(body)) == {"SEC014": "high"}
    safe = "from werkzeug.utils import secure_filename\n" + body.replace(
        "upload.filename)", "secure_filename(upload.filename))"
    )
    assert found(tmp_path, flask_view(safe)) == {}


def test_reading_standard_input_is_a_source_but_the_stream_object_is_not(tmp_path: Path) -> None:
    code = "import os, sys\nfor line in sys.stdin:\n    os.system(line)\nopen(sys.stdin)\n"
    issues = taint_issues(scan(tmp_path, code))
    assert [(issue["ruleId"], issue["location"]["line"]) for issue in issues] == [("SEC002", 3)]


def test_class_based_views_read_the_request_from_self(tmp_path: Path) -> None:
    code = (
        "from django.views.generic import ListView\nfrom .models import Item\n\nclass Search(ListView):\n"
        "    def get_queryset(self):\n        q = self.request.GET.get('q', '')\n"
        "        return Item.objects.raw(f\"SELECT * FROM item WHERE name = '{q}'\")\n"
    )
    issues = taint_issues(scan(tmp_path, code))
    assert [(issue["ruleId"], issue["confidence"]) for issue in issues] == [("SEC013", "high")]
    assert issues[0]["message"] == "SQL built from request.GET (line 6) reaches Item.objects.raw()"


def test_command_line_frameworks_are_sources(tmp_path: Path) -> None:
    code = (
        "import argparse, os, subprocess\nimport click\n\ndef main():\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('path')\n    args = parser.parse_args()\n    os.system('ls ' + args.path)\n\n"
        "@click.command()\n@click.option('--name')\n@click.option('--count', type=int)\n"
        "def greet(name, count: int):\n    subprocess.run(f'echo {name}', shell=True)\n"
        "    subprocess.run(f'seq {count}', shell=True)\n"
    )
    issues = taint_issues(scan(tmp_path, code))
    assert [(issue["ruleId"], issue["location"]["line"], issue["confidence"]) for issue in issues] == [
        ("SEC002", 8, "high"),
        ("SEC002", 14, "high"),
    ]


def test_a_host_taken_out_of_a_url_and_allow_listed_checks_the_url(tmp_path: Path) -> None:
    body = (
        "import requests\nfrom urllib.parse import urlparse\nALLOWED = {'api.example.com'}\n"
        "host = urlparse(param).hostname\nif host not in ALLOWED:\n    return 'no'\nrequests.get(param, timeout=3)"
    )
    assert found(tmp_path, flask_view(body)) == {}


def test_a_scheme_check_alone_does_not_fix_where_a_url_leads(tmp_path: Path) -> None:
    body = (
        "import requests\nfrom urllib.parse import urlparse\nif urlparse(param).scheme not in ('http', 'https'):\n"
        "    return 'no'\nrequests.get(param, timeout=3)"
    )
    assert found(tmp_path, flask_view(body)) == {"SEC021": "high"}


@pytest.mark.parametrize(
    ("prepare", "expected"),
    [("target = param.replace('\\\\', '/')", {}), ("target = param", {"SEC016": "medium"})],
    ids=["backslashes normalised", "backslashes kept"],
)
def test_a_local_path_check_makes_a_redirect_safe_once_backslashes_are_normalised(
    tmp_path: Path, prepare: str, expected: dict[str, str]
) -> None:
    body = (
        f"from flask import redirect\n{prepare}\n"
        "if not target.startswith('/') or target.startswith('//'):\n    target = '/'\nreturn redirect(target)"
    )
    assert found(tmp_path, flask_view(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("import re\nos.system('ls ' + re.sub(r'[^a-zA-Z0-9_-]', '', param))", {}),
        ("import re\nos.system('ls ' + re.sub(r'\\W+', '', param))", {}),
        ("import re\nos.system('ls ' + re.sub(r'[;&|]', '', param))", {"SEC002": "high"}),
        ("return '<p>' + param.replace('<', '&lt;').replace('>', '&gt;') + '</p>'", {}),
        ("return '<p>' + param.replace('<', '&lt;') + '</p>'", {"SEC015": "high"}),
    ],
    ids=["keep a safe class", "drop non-word characters", "drop a few metacharacters", "manual escaping", "half"],
)
def test_custom_sanitising_by_substitution(tmp_path: Path, body: str, expected: dict[str, str]) -> None:
    assert found(tmp_path, flask_view(body)) == expected


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        ("path = f'{BASE}/{param}'", {}),
        ("path = BASE + '/' + param", {}),
        ("path = os.path.join(BASE, 'img-' + param)", {}),
        ("path = os.path.join(BASE, param)", {"SEC014": "high"}),
        ("path = f'{param}/index.html'", {"SEC014": "high"}),
    ],
    ids=["f-string after a base", "concatenation after a base", "prefixed name", "join (absolute paths)", "leading"],
)
def test_a_parent_step_check_protects_only_paths_the_data_does_not_start(
    tmp_path: Path, build: str, expected: dict[str, str]
) -> None:
    body = f"BASE = '/srv/files'\nif '..' in param:\n    return 'no'\n{build}\nopen(path)"
    assert found(tmp_path, flask_view(body)) == expected


def test_a_lookup_keyed_by_request_data_returns_stored_data(tmp_path: Path) -> None:
    body = (
        "from models import User\nuser = User.query.filter_by(name=param).first()\nos.system('id ' + user.login)\n"
        "from helpers import thing\nos.system(thing.transform(param))"
    )
    issues = taint_issues(scan(tmp_path, flask_view(body)))
    assert [(issue["ruleId"], issue["confidence"], issue["location"]["line"]) for issue in issues] == [
        ("SEC002", "low", 13),
        ("SEC002", "medium", 15),
    ]


def test_lxml_default_parser_depends_on_the_version_and_is_low(tmp_path: Path) -> None:
    # lxml before 5.0 resolved external entities by default; HTML-escaped text has no markup left.
    assert found(tmp_path, flask_view("from lxml import etree\netree.fromstring(param)")) == {"SEC019": "low"}
    escaped = "import markupsafe\nfrom lxml import etree\netree.fromstring(markupsafe.escape(param))"
    assert found(tmp_path, flask_view(escaped)) == {}


@pytest.mark.parametrize(
    ("loop", "reported"),
    [
        ("for _ in range(3):", False),
        ("for _ in range(1, 4, 2):", False),
        ("for _ in ('a', 'b'):", False),
        ("for _ in 'ab':", False),
        ("for _ in range(0):", True),
        ("for _ in range(n):", True),
        ("for _ in items:", True),
    ],
)
def test_a_loop_that_provably_runs_overwrites_for_good(tmp_path: Path, loop: str, reported: bool) -> None:
    code = f"""
        from django.http import HttpResponse

        def view(request, n, items):
            name = request.GET["name"]
            {loop}
                name = "guest"
            return HttpResponse("<b>" + name + "</b>")
    """
    payload = scan(tmp_path, code)
    assert any(79 in issue["cwe"] for issue in payload["issues"]) is reported
