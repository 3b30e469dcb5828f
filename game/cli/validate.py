"""`offsite validate PATH...`: check scenario files and print every problem at its line."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from game.cli.common import FAILED, OK, USAGE, print_json
from game.scenario import Problem, ScenarioError
from game.scenario.lint import lint
from game.scenario.loader import parse_scenario, place
from game.scenario.problems import Finding
from game.session.sequential import DEFAULT_CAP

SUFFIXES = (".yaml", ".yml")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "validate",
        help="check scenario files; print problems as file:line:col",
        description="Check scenario files (or every *.yaml under folders) and print each problem "
        "as FILE:LINE:COL: error|warning: FIELD: message. Valid files are also linted: warnings "
        "for what would teach badly, and whether every label fits its card on the projector. "
        "Exit 0 when all are valid (warnings allowed unless --strict), 1 when any is invalid.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--fit",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="measure every label with the real font on the projector's cards (on by default "
        "when pygame is available)",
    )
    p.add_argument(
        "--play",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="play a valid file a few times with the engine: warn when trading off catchball "
        "constraints leaves too little capacity, or an event makes a key result hopeless "
        "before the first check-in (on by default; a few seconds a file)",
    )
    p.add_argument(
        "--balance",
        type=int,
        nargs="?",
        const=DEFAULT_CAP,
        default=0,
        metavar="N",
        help="also play every policy until the balance check is decided (sequential rule, at "
        f"most N seeds, default {DEFAULT_CAP}); each check that fails is an error (exit 1)",
    )
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


def check_file(
    path: Path, fit: bool = False, balance_runs: int = 0, play: bool = False
) -> list[Problem]:
    """Every problem in one file: errors, then (for a valid file) lint, fit, play and balance
    warnings."""
    try:
        scenario, source = parse_scenario(path.read_bytes(), str(path))
    except ScenarioError as exc:
        return list(exc.problems)
    except OSError as exc:
        return [Problem(str(path), 1, 1, "error", "", f"cannot read: {exc.strerror or exc}")]
    findings = lint(scenario, str(path))
    if fit:
        from game.ui.fit import fit_findings

        findings += fit_findings(scenario)
    if play:
        from game.session.play_lint import play_findings

        findings += play_findings(scenario)
    if balance_runs:
        findings += balance_findings(scenario, balance_runs)
    return sorted(place(str(path), source, f) for f in findings)


def balance_findings(scenario, cap: int) -> list[Finding]:
    """A sequential balance run (stops when every check is decided, or at the cap): an error for
    each check of the invariant that fails (exit 1); how many games it needed goes to stderr."""
    from game.session.sequential import balance_quick

    start = time.perf_counter()
    result = balance_quick(scenario, cap=cap)
    seq = result.sequential or {}
    print(
        f"balance: {'holds' if result.holds else 'FAILS'} — decided after "
        f"{seq.get('stopped_at')} seeds, {result.games} games, "
        f"{time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return [
        Finding(
            (),
            f"the balance check fails after {c.games} "
            f"{'namings' if c.policy == 'good' else 'paired games'}: {c.name} "
            f"({_value(c)}"
            f"{'' if c.decided else ', undecided at the cap'}): the scenario does not teach "
            "that honesty pays; see offsite balance and docs/authoring.md, section 6, "
            "for what to tune",
            "error",
        )
        for c in result.checks
        if not c.holds
    ]


def _value(c) -> str:
    """A check's figure and interval as words: a share in percent, a margin in points."""
    if c.unit == "share":
        return f"in {c.margin:.1%} of games, interval {c.ci95[0]:.1%} … {c.ci95[1]:.1%}"
    return f"margin {c.margin:+.2f}, interval {c.ci95[0]:+.2f} … {c.ci95[1]:+.2f}"


def fit_available() -> bool:
    """Whether the fit check can run here (pygame and its fonts are available)."""
    try:
        from game.ui.fit import available
    except ImportError:
        return False
    return available()


def run(args: argparse.Namespace) -> int:
    """Validate every named file; print grouped problems and a summary."""
    if args.balance < 0 or args.balance == 1:
        print("offsite validate: error: --balance takes a number of seeds, 2 or more")
        return USAGE
    fit = fit_available() if args.fit is None else args.fit
    files, missing = scenario_files(args.paths)
    results = [(str(path), check_file(path, fit, args.balance, args.play)) for path in files]
    if args.strict:
        results = [(f, [replace(p, severity="error") for p in problems]) for f, problems in results]
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
