"""自治体標準オープンデータセット: the Digital Agency's standard datasets as Table Schemas.

The schema files in `schemas/` list each dataset's columns in the order of the 項目定義書;
`required` marks the columns a file must have. A resource that declares a schema has its column
names checked on every load: missing required columns are errors, near-misses (名称カナ for
名称_カナ) are reported with the expected name, extra columns are allowed.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class SchemaProblem:
    code: str  # "missing-label" | "incorrect-label"
    column_name: str
    message_ja: str
    message_en: str
    severity: str = "error"


@cache
def standard_schemas() -> dict[str, dict[str, Any]]:
    folder = resources.files("sousei.catalog") / "schemas"
    schemas = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            schema = json.loads(entry.read_text(encoding="utf-8"))
            schemas[schema["name"]] = schema
    return dict(sorted(schemas.items()))


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "").replace("　", "")


def check_columns(schema: dict[str, Any], columns: list[str]) -> list[SchemaProblem]:
    """Compare a file's column names with a standard schema."""
    present = {_key(c): c for c in columns}
    expected = {_key(f["name"]) for f in schema["fields"]}
    unexpected = [key for key in present if key not in expected]
    problems = []
    for field in schema["fields"]:
        name = field["name"]
        if _key(name) in present:
            continue
        near = difflib.get_close_matches(_key(name), unexpected, n=1, cutoff=0.75)
        required = field.get("constraints", {}).get("required", False)
        if near:
            found = present[near[0]]
            problems.append(
                SchemaProblem(
                    "incorrect-label",
                    found,
                    f"列名「{found}」は「{name}」にしてください（{schema['title']}）。",
                    f"Column {found!r} should be named {name!r} ({schema['title']}).",
                    "error" if required else "warning",
                )
            )
        elif required:
            problems.append(
                SchemaProblem(
                    "missing-label",
                    name,
                    f"必須の列「{name}」がありません（{schema['title']}）。",
                    f"Required column {name!r} is missing ({schema['title']}).",
                )
            )
    return problems
