"""docs/architecture.md, "Where each rule lives": each of its `grep` commands finds exactly one
line, in the file it names, and every file and name its table cites exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"
HEADING = "## Where each rule lives"
# grep -rn "PATTERN" src/   # what it finds: PATH
_GREP = re.compile(r'^grep -rn "([^"]+)" src/\s+#.*:\s*(\S+)$')
_CODE = re.compile(r"`([^`]+)`")


def section() -> str:
    """The section's text ("" without it: the tests below then fail, not the collection)."""
    text = PAGE.read_text(encoding="utf-8")
    if HEADING not in text:
        return ""
    body = text.split(HEADING, 1)[1]
    return re.split(r"^(?:## |<!-- section)", body, maxsplit=1, flags=re.M)[0]


def greps() -> list[tuple[str, str]]:
    """(pattern, path) of each grep command in the section's code block."""
    return [m.groups() for line in section().splitlines() if (m := _GREP.match(line.strip()))]


def rows() -> list[tuple[str, str, list[str]]]:
    """(rule, path, names) of each row of the section's table."""
    out = []
    for line in section().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("Rule", "---"):
            continue
        (path,) = _CODE.findall(cells[1])
        out.append((cells[0], path, _CODE.findall(cells[2])))
    return out


def grep_src(pattern: str) -> list[str]:
    """What `grep -rn PATTERN src/` prints (``path:line``), for the patterns the page uses:
    every file under src/, read as text, each line matched on its own."""
    regex = re.compile(pattern)
    found = []
    for path in sorted((ROOT / "src").rglob("*")):
        if not path.is_file():
            continue
        lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
        found += [
            f"{path.relative_to(ROOT)}:{n}" for n, ln in enumerate(lines, 1) if regex.search(ln)
        ]
    return found


def defined(path: Path, name: str) -> bool:
    """Whether ``name`` (or ``Class.member``) is defined at the top of the Python file
    ``path``; for any other file, whether its text contains ``name``."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return name in text
    owner, _, member = name.partition(".")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == owner:
            return not member or (
                isinstance(node, ast.ClassDef)
                and any(getattr(n, "name", None) == member for n in node.body)
            )
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if not member and any(isinstance(t, ast.Name) and t.id == owner for t in targets):
            return True
    return False


def test_the_page_has_the_section() -> None:
    assert section(), f"{PAGE.name} has no section {HEADING!r}"


def test_the_three_rules_have_a_grep() -> None:
    patterns = " ".join(p for p, _ in greps())
    for name in ("money_format", "ACTIONS", "open_account"):
        assert name in patterns, f"no grep for {name}"


@pytest.mark.parametrize(("pattern", "path"), greps())
def test_each_grep_finds_exactly_the_one_place(pattern: str, path: str) -> None:
    found = grep_src(pattern)
    assert len(found) == 1, f"grep {pattern!r} finds {found}"
    assert found[0].split(":")[0] == path


def test_the_table_cites_the_rules_maintainers_look_for() -> None:
    cited = {path for _, path, _ in rows()}
    for path in (
        "src/ipitui/format.py",
        "src/ipitui/core/decisions.py",
        "src/ipitui/account.py",
        "src/ipitui/core/marketplaces.py",
        "src/ipitui/core/rates/*.toml",
        "src/ipitui/core/changes.py",
        "src/ipitui/core/season.py",
        "pyproject.toml",
    ):
        assert path in cited


@pytest.mark.parametrize(("rule", "path", "names"), rows(), ids=lambda v: str(v)[:40])
def test_every_cited_file_and_name_exists(rule: str, path: str, names: list[str]) -> None:
    """A path may be a glob (the rate tables): each name is then in one of its files."""
    files = sorted(ROOT.glob(path))
    assert files, f"{rule}: no file {path}"
    assert names, f"{rule}: no name cited"
    missing = [n for n in names if not any(defined(file, n) for file in files)]
    assert not missing, f"{rule}: {path} has no {missing}"


def test_the_checks_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("X: int = 1\nY = 2\ndef f(): pass\nclass C:\n    def g(self): pass\n")
    assert all(defined(module, n) for n in ("X", "Y", "f", "C", "C.g"))
    assert not any(defined(module, n) for n in ("Z", "g", "C.h", "f.g", "X.real"))
    assert grep_src("^def no_such_function_anywhere") == []
    assert len(grep_src("^def money")) > 1  # money, money_format, money_expr, the demo's money
