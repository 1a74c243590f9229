"""Japanese is complete for every page: each translatable string has a translation."""

import re
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[2] / "sousei"
PO = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "django.po"

TRANSLATE = re.compile(r"""\{%\s*translate\s+(["'])(.*?)\1""")
BLOCK = re.compile(
    r"\{%\s*blocktranslate\b(.*?)%\}(.*?)(?:\{%\s*plural\s*%\}(.*?))?\{%\s*endblocktranslate\s*%\}",
    re.DOTALL,
)
PYTHON = re.compile(r"""\b(?:gettext|gettext_lazy|gettext_noop|_)\(\s*(["'])(.*?)\1""")


def _block_msgid(text: str) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", text)


def used_msgids() -> set[str]:
    ids: set[str] = set()
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        ids |= {m[1] for m in TRANSLATE.findall(text)}
        for _, singular, _plural in BLOCK.findall(text):
            ids.add(_block_msgid(singular))
    for module in PACKAGE.rglob("*.py"):
        ids |= {m[1] for m in PYTHON.findall(module.read_text(encoding="utf-8"))}
    return ids


def test_every_string_on_every_page_has_a_japanese_translation():
    catalogue = polib.pofile(str(PO))
    translated = {
        e.msgid
        for e in catalogue
        if not e.obsolete and "fuzzy" not in e.flags and (e.msgstr or e.msgstr_plural.get(0))
    }
    missing = sorted(used_msgids() - translated)
    assert missing == [], "add these to django.po and run scripts/compile_messages.py"


def test_the_catalogue_has_no_unused_entries():
    catalogue = polib.pofile(str(PO))
    unused = sorted({e.msgid for e in catalogue if not e.obsolete} - used_msgids())
    assert unused == []


def test_compiled_catalogue_matches_its_source():
    po = {
        (e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.pofile(str(PO))
    }
    mo = {
        (e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(PO.with_suffix(".mo")))
    }
    assert po == mo, "run scripts/compile_messages.py"
