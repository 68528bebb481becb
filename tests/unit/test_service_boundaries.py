"""No service imports another service's package; they meet only through events, HTTP and shared/.

Every module under services/<svc>/ is parsed (not imported) and each `import services.x` /
`from services.x import ...` (also inside functions) must name its own service. The CLI is an
ordinary API user: it may import only services.cli and shared. shared/ imports no service.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in a parsed module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            if node.module == "services":  # `from services import matching`
                yield from ((node.lineno, f"services.{a.name}") for a in node.names)


def foreign_imports(root: Path) -> list[str]:
    """'path:line imports services.x' for each import that crosses a service boundary."""
    found = []
    for package in sorted(p for p in (root / "services").iterdir() if p.is_dir()):
        for path in sorted(package.rglob("*.py")):
            found += _crossings(root, path, own=f"services.{package.name}")
    for path in sorted((root / "shared").rglob("*.py")):
        found += _crossings(root, path, own=None)
    return found


def _crossings(root: Path, path: Path, own: str | None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for line, name in sorted(imported_modules(tree)):
        parts = name.split(".")
        if parts[0] != "services" or len(parts) < 2:
            continue
        target = ".".join(parts[:2])
        if target != own:
            out.append(f"{path.relative_to(root)}:{line} imports {name}")
    return out


def test_no_service_imports_another_services_package() -> None:
    assert (ROOT / "services" / "cli").is_dir() and (ROOT / "services" / "matching").is_dir()
    assert foreign_imports(ROOT) == []


def test_the_check_sees_every_way_of_crossing(tmp_path: Path) -> None:
    cli, shared = tmp_path / "services" / "cli", tmp_path / "shared"
    cli.mkdir(parents=True)
    shared.mkdir()
    (cli / "figures.py").write_text(
        "import services.cli.api\n"
        "from services.cli import charts\n"
        "from services.matching.domain import transport_cost_fen\n"
        "def f():\n    import services.balancer.views\n"
        "from services import intake\n"
    )
    (shared / "region.py").write_text("from services.matching import domain\n")
    assert foreign_imports(tmp_path) == [
        "services/cli/figures.py:3 imports services.matching.domain",
        "services/cli/figures.py:5 imports services.balancer.views",
        "services/cli/figures.py:6 imports services.intake",
        "shared/region.py:1 imports services.matching",
    ]
