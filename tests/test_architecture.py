"""The dependency direction of docs/architecture.md, enforced.

scenario <- engine <- scoring <- peers/bots <- session <- (ui, report, room) <- cohort <- cli
Only game.ui imports pygame; the engine touches no file, clock, global random or UI.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"
LAYER = {
    "scenario": 0,
    "engine": 1,
    "scoring": 2,
    "peers": 3,
    "bots": 3,
    "session": 4,
    "ui": 5,
    "report": 5,
    "room": 5,  # the room's web server: a front end on the table, beside the projector
    "cohort": 6,  # the programme view: reads sessions, reports' words, ui's charts
    "cli": 7,
}
# What the pure engine (and scoring) may never import, directly.
IMPURE = {"pygame", "pygame_gui", "os", "io", "pathlib", "time", "datetime", "random", "yaml"}
IMPURE_GAME = {"game.scenario.loader", "game.scenario.yamlsafe"}


def modules() -> list[Path]:
    return sorted(p for p in GAME.rglob("*.py"))


def package_of(path: Path) -> str:
    parts = path.relative_to(GAME).parts
    return parts[0] if len(parts) > 1 else ""


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(GAME)))
def test_imports_point_down_the_layers(path: Path) -> None:
    own = package_of(path)
    if own not in LAYER:
        return
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] == "game" and len(parts) > 1 and parts[1] in LAYER:
            other = parts[1]
            assert other == own or LAYER[other] < LAYER[own], (
                f"{path.relative_to(GAME)} imports {name}: {own} may not depend on {other}"
            )
        if parts[0] in ("pygame", "pygame_gui"):
            assert own == "ui", f"{path.relative_to(GAME)} imports {name}: only game.ui may"


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if package_of(p) in ("engine", "scoring")],
    ids=lambda p: str(p.relative_to(GAME)),
)
def test_engine_is_pure(path: Path) -> None:
    for name in imports_of(path):
        assert name.split(".")[0] not in IMPURE, f"{path.relative_to(GAME)} imports {name}"
        assert name not in IMPURE_GAME, f"{path.relative_to(GAME)} imports file code {name}"
    source = path.read_text(encoding="utf-8")
    assert "open(" not in source, f"{path.relative_to(GAME)} opens a file"
    assert "np.random.seed" not in source and "np.random.rand" not in source


def importable_modules() -> list[str]:
    names = []
    for p in modules():
        rel = p.relative_to(GAME.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


@pytest.mark.parametrize("module", importable_modules())
def test_only_ui_loads_pygame(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print('pygame' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    expected = module.startswith("game.ui")
    if not expected:
        assert out == "False", f"importing {module} loads pygame"


TABLE = ["table.py", "moves.py", "move_words.py", "timer.py"]


@pytest.mark.parametrize("name", TABLE)
def test_the_table_reads_no_clock(name: str) -> None:
    """The table's clock is the caller's (docs/architecture.md): no time, no date, no pygame."""
    for imported in imports_of(GAME / "session" / name):
        assert imported.split(".")[0] not in {"time", "datetime", "pygame", "pygame_gui"}, (
            f"session/{name} imports {imported}"
        )


# The front ends that draw the game (the projector, the room's phone pages) read the engine's
# types and words directly; every other fact goes through the table's layer
# (game/session/facts.py, moves.py, debrief.py), so that no front end decides what a number
# means (docs/architecture.md).
FRONT_ENDS = ("ui", "room")
ENGINE_OPEN = {"game.engine", "game.engine.words"}
ENGINE_ROOT_FUNCTIONS = {"new_game"}  # starting a game is not a rule


def engine_names_imported(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from game.engine… import name` in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, a.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("game.engine")
        for a in node.names
    ]


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if package_of(p) in FRONT_ENDS],
    ids=lambda p: str(p.relative_to(GAME)),
)
def test_front_ends_read_the_engine_through_the_table(path: Path) -> None:
    import game.engine

    for name in imports_of(path):
        if name.startswith("game.engine."):
            assert name in ENGINE_OPEN, (
                f"{path.relative_to(GAME)} imports {name}: a front end reads the engine's helpers "
                "through game.session (facts.py, moves.py, debrief.py)"
            )
    for module, name in engine_names_imported(path):
        if module != "game.engine":
            continue
        value = getattr(game.engine, name)
        plain = isinstance(value, type) or name.isupper() or name in ENGINE_ROOT_FUNCTIONS
        assert plain, (
            f"{path.relative_to(GAME)} imports {name} from game.engine: a front end asks the "
            "table (game/session) for what the engine computes"
        )
