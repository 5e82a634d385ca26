"""The English catalogue is complete, compiled and current; no Vietnamese UI text escapes gettext.

Vietnamese is the source language (the msgids); locale/en/LC_MESSAGES/django.po holds the English.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
#: letters only Vietnamese uses among the languages of this app (enough to spot Vietnamese text)
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy", "ngettext"}
GETTEXT_NAMES |= {"ngettext_lazy", "npgettext", "npgettext_lazy"}
#: Python whose Vietnamese is not UI text: data (names, regions), operators' command-line tools, migrations
NOT_UI = (
    "*/migrations/*",
    "*/management/commands/*",
    "enrollment/geography.py",
    "bhxh_tracker/settings.py",  # LANGUAGES names each language in itself: "Tiếng Việt"
)


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = catalogue()
    assert len(po) > 250
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po if e.msgstr.strip() == ""] == []


def test_the_compiled_catalogue_returns_every_translation():
    """gettext reads the committed .mo: a .po edited without compilemessages fails here."""
    stale = []
    with translation.override("en"):
        for entry in catalogue():
            if entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                got = translation.gettext(entry.msgid)
            if got != entry.msgstr:
                stale.append((entry.msgid, got, entry.msgstr))
    assert stale == []


def test_vietnamese_stays_the_source_language():
    with translation.override("vi"):
        assert translation.gettext("Lũy kế") == "Lũy kế"
    with translation.override("en"):
        assert translation.gettext("Lũy kế") == "Cumulative"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext (apt-get install gettext)")
def test_the_catalogue_holds_every_marked_string_and_nothing_stale(tmp_path):
    """makemessages on a copy of the project adds nothing to the .po and makes nothing obsolete."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(".*", "__pycache__", "test-artifacts", "staticfiles", "*.sqlite3", "*.mo")
    shutil.copytree(ROOT, copy, ignore=ignore)
    command = [
        sys.executable,
        "manage.py",
        "makemessages",
        "-l",
        "en",
        "--ignore=staticfiles",
        "--ignore=test-artifacts",
    ]
    subprocess.run(command, cwd=copy, check=True, capture_output=True, timeout=120)
    merged = polib.pofile(str(copy / PO_PATH.relative_to(ROOT)))
    assert [e.msgid for e in merged.untranslated_entries()] == [], "run makemessages and translate the new strings"
    assert [e.msgid for e in merged.obsolete_entries()] == [], "run makemessages: the .po has strings no longer used"
    assert [e.msgid for e in merged.fuzzy_entries()] == []


# ---- no Vietnamese UI text outside the i18n tags ------------------------------------------------


def untranslated_template_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of Vietnamese in a template outside {% translate %}, {% blocktranslate %} and comments."""
    found, in_blocktranslate, in_comment = [], False, False
    for token in Lexer(source).tokenize():
        contents = token.contents.strip()
        if token.token_type == TokenType.BLOCK:
            tag = contents.split()[0] if contents else ""
            if tag in {"comment", "endcomment"}:
                in_comment = tag == "comment"
                continue
            if tag in {"blocktranslate", "blocktrans", "endblocktranslate", "endblocktrans"}:
                in_blocktranslate = not tag.startswith("end")
                continue
            if tag in {"translate", "trans"}:
                continue
        if token.token_type == TokenType.COMMENT or in_comment or in_blocktranslate:
            continue
        if VIETNAMESE.search(token.contents):
            found.append((token.lineno, contents[:80]))
    return found


def test_the_guard_finds_vietnamese_outside_translate_tags():
    source = (
        '{% load i18n %}{# Ghi chú #}{% comment %}Ghi chú dài{% endcomment %}<h1>{% translate "Lũy kế" %}</h1>\n'
        "{% blocktranslate %}Dòng {{ row }}{% endblocktranslate %}<p>Tổng cộng</p>\n"
        '<a title="Xem">{{ value|default:"chưa có" }}</a>'
    )
    assert untranslated_template_text(source) == [
        (2, '<p>Tổng cộng</p>\n<a title="Xem">'),
        (3, 'value|default:"chưa có"'),
    ]


def test_templates_have_no_vietnamese_outside_translate_tags():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert len(templates) > 20
    problems = {
        str(path.relative_to(ROOT)): found
        for path in templates
        if (found := untranslated_template_text(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def untranslated_python_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of Vietnamese string literals that are neither docstrings nor gettext arguments."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        node.body[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or node in docstrings:
            continue
        if not VIETNAMESE.search(node.value):
            continue
        parent = parents.get(node)
        function = getattr(parent, "func", None)
        if isinstance(parent, ast.Call) and getattr(function, "id", getattr(function, "attr", None)) in GETTEXT_NAMES:
            continue
        found.append((node.lineno, node.value[:80]))
    return found


def test_the_guard_finds_vietnamese_literals_outside_gettext():
    source = '"""Mô-đun."""\nfrom x import gettext as _\nA = _("Lũy kế")\nB = "Tổng cộng"\nC = f"Tháng {1}"\n'
    assert untranslated_python_strings(source) == [(4, "Tổng cộng"), (5, "Tháng ")]


def test_python_ui_code_has_no_vietnamese_outside_gettext():
    files = [
        path
        for folder in ("bhxh_tracker", "enrollment", "reports")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not any(path.relative_to(ROOT).match(pattern) for pattern in NOT_UI)
    ]
    assert len(files) > 30
    problems = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := untranslated_python_strings(path.read_text(encoding="utf-8")))
    }
    assert problems == {}
