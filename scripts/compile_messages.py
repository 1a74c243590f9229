"""Compile sousei's gettext catalogues (.po → .mo) without needing GNU gettext installed.

Usage: .venv/bin/python scripts/compile_messages.py
The .mo files are committed so an install needs no compile step; tests/web/test_i18n.py
fails when a .mo is older than its .po.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "sousei" / "locale"


def main() -> None:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(LOCALE.parent)}")


if __name__ == "__main__":
    main()
