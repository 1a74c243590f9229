"""Docs that cannot drift: every command and API endpoint is documented, links resolve."""

import re
from pathlib import Path

import pytest

from sousei.cli import main

REPO = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))


def _commands(group, prefix="sousei"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}"
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix} {name}")


@pytest.mark.parametrize("command", sorted(_commands(main)))
def test_every_cli_command_is_documented(command):
    assert command in DOCS


@pytest.mark.django_db
def test_every_api_endpoint_is_documented(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in spec["paths"]:
        assert path in DOCS, path


def test_readme_opens_with_the_two_quickstart_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("##", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quickstart, re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["bin/demo", "bin/test"]
    assert (REPO / ".ci" / "run").read_text().strip().endswith("exec bin/test")


def test_relative_links_in_readme_and_docs_resolve():
    for md in [REPO / "README.md", *(REPO / "docs").glob("*.md")]:
        prose = re.sub(r"`[^`\n]*`", "", md.read_text(encoding="utf-8"))  # formulas in code
        for target in re.findall(r"\]\(([^)#:]+)\)", prose):
            assert (md.parent / target).exists(), f"{md.name}: {target}"
