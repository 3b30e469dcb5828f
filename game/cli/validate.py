"""`offsite validate PATH...`: check scenario files and print every problem at its line."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.cli.common import FAILED, OK, print_json
from game.scenario import Problem, ScenarioError, load_scenario

SUFFIXES = (".yaml", ".yml")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "validate",
        help="check scenario files; print problems as file:line:col",
        description="Check scenario files (or every *.yaml under folders) and print each problem "
        "as FILE:LINE:COL: error|warning: FIELD: message. Exit 0 when all are valid (warnings "
        "allowed), 1 when any is invalid.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(run=run)


def scenario_files(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their scenario files; a path that is missing is a problem."""
    files: list[Path] = []
    missing: list[Problem] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                missing.append(Problem(arg, 1, 1, "error", "", "no scenario files (*.yaml) here"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            missing.append(Problem(arg, 1, 1, "error", "", "no such file or folder"))
    return files, missing


def check_file(path: Path) -> list[Problem]:
    """Every problem in one file (empty when it is valid)."""
    try:
        load_scenario(path)
    except ScenarioError as exc:
        return list(exc.problems)
    return []


def run(args: argparse.Namespace) -> int:
    """Validate every named file; print grouped problems and a summary."""
    files, missing = scenario_files(args.paths)
    results = [(str(path), check_file(path)) for path in files]
    results += [(p.file, [p]) for p in missing]
    invalid = [f for f, problems in results if any(p.severity == "error" for p in problems)]
    if args.json:
        print_json(
            {
                "ok": not invalid,
                "files": [
                    {
                        "file": f,
                        "ok": f not in invalid,
                        "problems": [p.as_json() for p in problems],
                    }
                    for f, problems in results
                ],
            }
        )
    else:
        for f, problems in results:
            for problem in problems:
                print(problem)
            if f not in invalid:
                warnings = f" ({len(problems)} warnings)" if problems else ""
                print(f"{f}: ok{warnings}")
        errors = sum(p.severity == "error" for _, ps in results for p in ps)
        print(
            f"{len(results)} file{'s' if len(results) != 1 else ''} checked: "
            f"{len(results) - len(invalid)} valid, {len(invalid)} invalid ({errors} errors)"
        )
    return FAILED if invalid else OK
