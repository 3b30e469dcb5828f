"""No traceback, ever: every subcommand over a table of bad values and bad files.

Each case runs the command line in this process (an uncaught exception fails the test with its
traceback) and must end with exit code 1 (the input or a check failed) or 2 (wrong usage), a
message on stderr (or, with --json, on stdout) and no "Traceback" anywhere. The files are made
once: a missing path, a folder, empty and binary files, invalid UTF-8, a hostile scenario, a
truncated, foreign or tampered session, a session that is not finished.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli.main import main
from tests.conftest import FIXTURES
from tests.session.helpers import edit_header

TINY = FIXTURES / "good" / "tiny.yaml"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Every bad file by its name in the table below."""
    root = tmp_path_factory.mktemp("bad")
    made: dict[str, Path] = {"missing": root / "missing.yaml", "folder": root}
    (root / "sub").mkdir()
    made["folder"] = root / "sub"
    for name, data in {
        "empty": b"",
        "binary": bytes(range(256)) * 8,
        "invalid_utf8": b"meta:\n  id: \xff\xfe\n",
        "json_garbage": b'{"format": "offsite-session", "format_version": 2',
        "foreign_json": b'{"hello": "world"}\n{"n": 1}\n',
        "not_a_mapping": b"- 1\n- 2\n",
    }.items():
        made[name] = root / f"{name}.bin"
        made[name].write_bytes(data)
    hostile = TINY.read_text(encoding="utf-8").replace(
        "  name: Tiny Bakery", '  name: "Tiny \\e[2J\\e]0;owned\\a \\u202eBakery"', 1
    )
    made["hostile"] = root / "hostile.yaml"
    made["hostile"].write_text(hostile, encoding="utf-8")
    made["alias_bomb"] = BAD / "alias_bomb.yaml"
    made["python_tag"] = BAD / "python_tag.yaml"
    session = root / "unfinished.jsonl"
    assert main(["autoplay", str(TINY), "--session", str(session), "--stop-after", "20"]) == 0
    made["unfinished"] = session
    tampered = root / "tampered.jsonl"
    shutil.copy(session, tampered)
    edit_header(tampered, reseal=False, teams=[{"name": "Someone else", "policy": None}])
    made["tampered"] = tampered
    truncated = root / "truncated.jsonl"
    truncated.write_bytes(session.read_bytes()[:40])
    made["truncated"] = truncated
    elsewhere = root / "elsewhere.jsonl"
    shutil.copy(session, elsewhere)
    edit_header(elsewhere, scenario="../../../../etc/passwd")
    made["path_as_scenario"] = elsewhere
    rows = session.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(rows[2])
    record["action"] = {"kind": "no_such_move", "role": "\x1b[2J"}
    rows[2] = json.dumps(record) + "\n"
    made["bad_action"] = root / "bad_action.jsonl"
    made["bad_action"].write_text("".join(rows), encoding="utf-8")
    made["control_path"] = root / "odd\x1b]0;x\x07.yaml"
    made["a_file"] = root / "a_file.txt"
    made["a_file"].write_text("not a folder", encoding="utf-8")
    return made


SCENARIO_FILES = (
    "missing",
    "folder",
    "empty",
    "binary",
    "invalid_utf8",
    "not_a_mapping",
    "hostile",
    "alias_bomb",
    "python_tag",
    "control_path",
)
SESSION_FILES = (
    "missing",
    "folder",
    "empty",
    "binary",
    "invalid_utf8",
    "json_garbage",
    "foreign_json",
    "tampered",
    "truncated",
    "path_as_scenario",
    "bad_action",
    "hostile",
    "control_path",
)

# Arguments with {name} placeholders for the files above; {out} is a fresh folder.
VALUES = [
    # play: every bad value is refused before a window opens
    "play --seed -1",
    "play --seed x",
    "play --teams 0",
    "play --teams 99",
    "play --size 0x0",
    "play --size big",
    "play --timer -5",
    "play --timer x",
    "play --pressure extreme",
    "play --theme neon",
    "play --solo nobody",
    "play --people nobody,ceo",
    "play --resume",
    "play --no-such-option",
    "validate",
    "validate --balance -1 {tiny}",
    "validate --balance x {tiny}",
    "schema -o {folder}",
    "schema -o {a_file}/schema.json",
    "new",
    "new Bad-Name -o {out}",
    "new ok_name -o {a_file}",
    "new ok_name --levels 0 -o {out}",
    "new ok_name --levels 99 -o {out}",
    "new ok_name --roles ::: -o {out}",
    "new ok_name --roles a:A:x,b:B:y:z -o {out}",
    "cards {tiny} --objective nope",
    "cards {tiny} --role nope",
    "autoplay --policy nope",
    "autoplay --seed -1",
    "autoplay --seed x",
    "autoplay --stop-after -3",
    "autoplay --stop-after x",
    "autoplay --resume",
    "autoplay --new-scenario",
    "autoplay --session {folder}",
    "autoplay --session {a_file}/x.jsonl",
    "balance --runs 0",
    "balance --runs -5",
    "balance --runs x",
    "balance --jobs 0",
    "balance --seed -1",
    "screenshot --scene nope",
    "screenshot --size 10x10",
    "screenshot --size x",
    "screenshot --seed -1",
    "screenshot --scene briefing -o {a_file}/sub",
    "screenshot --scene briefing -o {a_file}",
    "replay",
    "replay {unfinished} --upgrade {unfinished}",
    "replay {unfinished} --scenario {hostile}",
    "report",
    "report {unfinished} -o {out}",
    "report {unfinished} --scenario {missing}",
    "report {unfinished} -o {a_file}",
    "cohort",
    "cohort {folder} --since yesterday",
    "cohort {folder} --memory lots",
    "cohort {folder} --threads 0",
    "cohort {folder} --replay -1",
    "cohort {folder} --before nonsense",
    "cohort {missing}",
    "describe nope_not_builtin",
    "describe ../../../../etc/passwd",
    "nonsense",
]
FILES = [f"{command} {{{name}}}" for command in ("validate", "describe") for name in SCENARIO_FILES]
FILES += [
    f"{c} {{{name}}}" for c in ("autoplay", "balance --runs 1 --jobs 1") for name in SCENARIO_FILES
]
FILES += [f"cards {{{name}}}" for name in SCENARIO_FILES]
FILES += [f"replay {{{name}}}" for name in SESSION_FILES]
FILES += [f"replay {{{name}}} --json" for name in SESSION_FILES]
FILES += [f"report {{{name}}} -o {{out}}" for name in SESSION_FILES]
FILES += [f"autoplay --resume --session {{{name}}}" for name in SESSION_FILES]
FILES += [f"play --resume --session {{{name}}}" for name in SESSION_FILES]
FILES += [f"cohort {{{name}}} -o {{out}}" for name in ("missing", "binary", "control_path")]
FILES += [f"screenshot {{{name}}} -o {{out}}" for name in SCENARIO_FILES]


def run(files: dict[str, Path], tmp_path: Path, capsys, line: str) -> tuple[int, str, str]:
    fill = {name: str(path) for name, path in files.items()}
    fill.update(tiny=str(TINY), out=str(tmp_path / "out"))
    args = [part.format(**fill) for part in line.split(" ")]
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse: wrong usage
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("line", VALUES + FILES)
def test_no_traceback_and_exit_code_1_or_2(files, tmp_path, capsys, monkeypatch, line):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.chdir(tmp_path)  # nothing written beside the tests
    code, out, err = run(files, tmp_path, capsys, line)
    assert code in (1, 2), f"{line}: exit {code}\n{out}\n{err}"
    assert "Traceback" not in out + err
    assert (err or out).strip(), f"{line}: no message"
    for ch in ("\x1b", "\x07", "\u202e"):
        assert ch not in out + err, f"{line}: raw {ch!r}"
