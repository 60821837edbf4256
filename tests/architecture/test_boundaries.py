"""The package boundaries a newcomer can rely on: who may import whom, and no import cycles.

Every import counts, including those inside functions: a late import that hides a cycle
from the interpreter is still a cycle in the design.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("agent", "collector", "configfile", "contract", "inventory", "simulator", "standard")
# What each package may import besides itself. The agent runs on ward PCs: no server code.
ALLOWED = {
    "configfile": set(),
    "contract": set(),
    "standard": {"configfile"},
    "inventory": {"configfile"},
    "agent": {"configfile", "contract", "standard"},
    "collector": {"agent", "configfile", "contract", "inventory", "standard"},
    # The simulated city is a client of the collector, like the agents: HTTP and the report
    # contract only, so it can run as the load generator on another machine.
    "simulator": {"agent", "configfile", "contract", "inventory", "standard"},
}
# Of the agent, the simulator takes only its HTTP pieces (agent/net/): no collectors, no spool.
SIMULATOR_FROM_AGENT = "agent.net."


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> Iterator[str]:
    """Yield every project module that `path` imports, at any depth of its code.

    `from package import module` imports that module; `from module import name`, the module.
    """
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module in modules and not node.level:
            subs = [f"{node.module}.{alias.name}" for alias in node.names]
            yield from [sub for sub in subs if sub in modules] or [node.module]


def graph() -> dict[str, set[str]]:
    """Map each project module to the project modules it imports."""
    files = {module_name(p): p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")}
    return {
        name: {dep for dep in imported(path, set(files)) if dep != name}
        for name, path in files.items()
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_what_it_may(package: str) -> None:
    crossings = sorted(
        f"{name} -> {dep}"
        for name, deps in graph().items()
        if name.split(".")[0] == package
        for dep in deps
        if dep.split(".")[0] not in ALLOWED[package] | {package}
    )

    assert crossings == []


def test_the_simulator_takes_only_the_agents_http_pieces() -> None:
    taken = sorted(
        f"{name} -> {dep}"
        for name, deps in graph().items()
        if name.split(".")[0] == "simulator"
        for dep in deps
        if dep.split(".")[0] == "agent" and not dep.startswith(SIMULATOR_FROM_AGENT)
    )

    assert taken == []


def test_no_package_has_an_import_cycle() -> None:
    edges = graph()
    inside = {name: {d for d in deps if d.split(".")[0] == name.split(".")[0]}
              for name, deps in edges.items()}  # fmt: skip
    cycles = [cycle for cycle in map(lambda start: cycle_from(start, inside), inside) if cycle]

    assert cycles == []


def cycle_from(start: str, edges: dict[str, set[str]]) -> list[str]:
    """Return a path of imports from `start` back to itself, or [] when there is none."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for dep in sorted(edges.get(node, ())):
            if dep == start:
                return [*path, start]
            if dep not in seen:
                seen.add(dep)
                stack.append((dep, [*path, dep]))
    return []
