"""`play --watch` keeps one continuation file per version of the scenario: no repeated suffixes,
no new file when a save changes nothing, the same file again when a version comes back, never
another game's file touched; and when the game no longer applies, it can start again there."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import steps
from game.session.log import SessionWriter, new_header
from game.session.rebuild import read_session
from game.session.table import Table
from game.ui.watch import Watch, reload_table, restart_table
from tests.session.helpers import TINY

LABEL = "Open the third shop"


def recorded(tmp_path: Path) -> tuple[Path, Table]:
    """The tiny bakery copied to tmp_path, and a recorded game of it well into the quarter."""
    scenario_file = tmp_path / "tiny.yaml"
    shutil.copy(TINY, scenario_file)
    scenario = load_scenario(scenario_file)
    start = new_game(scenario, 4, scenario_hash=scenario_hash(scenario))
    game = tmp_path / "game.jsonl"
    played = []
    for step in steps(scenario, "good", 4):
        played.append(step)
        if step.state.phase == "quarter" and step.state.week >= 4:
            break
    with SessionWriter.create(new_header(start), game) as writer:
        for step in played:
            writer.append(step.action, step.state)
    table = Table(played[-1].state, writers=[SessionWriter.open(game, len(played))])
    return scenario_file, table


def save(path: Path, old: str, new: str) -> str:
    text = TINY.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return scenario_hash(load_scenario(path))


def sessions(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.jsonl"))


def test_each_version_has_one_continuation_file(tmp_path: Path) -> None:
    scenario_file, table = recorded(tmp_path)
    watch = Watch(scenario_file)
    actions = len(read_session(tmp_path / "game.jsonl").actions)
    try:
        b = save(scenario_file, LABEL, "Open shop number three")
        assert reload_table(table, scenario_file, watch).startswith("Reloaded")
        c = save(scenario_file, LABEL, "Open a third shop")
        assert reload_table(table, scenario_file, watch).startswith("Reloaded")
        # Named after the first file, however often it was rebased.
        assert table.teams[0].writer.path.name == f"game-on-{c[:8]}.jsonl"
        assert sessions(tmp_path) == sorted(
            ["game.jsonl", f"game-on-{b[:8]}.jsonl", f"game-on-{c[:8]}.jsonl"]
        )
        # Back to version b: its file again, now holding the whole game.
        assert save(scenario_file, LABEL, "Open shop number three") == b
        assert reload_table(table, scenario_file, watch).startswith("Reloaded")
        assert table.teams[0].writer.path.name == f"game-on-{b[:8]}.jsonl"
        assert len(sessions(tmp_path)) == 3
        # A save that changes nothing but a comment: the same game, the same file.
        writer, state = table.teams[0].writer, table.teams[0].state
        text = scenario_file.read_text(encoding="utf-8")
        scenario_file.write_text("# a comment\n" + text, encoding="utf-8")
        message = reload_table(table, scenario_file, watch)
        assert message.startswith(f"Saved {scenario_file}: the scenario is the same")
        assert table.teams[0].writer is writer and table.teams[0].state is state
        assert len(sessions(tmp_path)) == 3
    finally:
        table.close()
    again = read_session(tmp_path / f"game-on-{b[:8]}.jsonl")
    assert len(again.actions) == actions
    assert read_session(tmp_path / "game.jsonl").header["scenario_hash"] != b  # untouched


def test_another_games_file_is_never_replaced(tmp_path: Path) -> None:
    scenario_file, table = recorded(tmp_path)
    watch = Watch(scenario_file)
    digest = save(scenario_file, LABEL, "Open shop number three")
    foreign = tmp_path / f"game-on-{digest[:8]}.jsonl"
    foreign.write_text("another game's file\n", encoding="utf-8")
    try:
        before = table.teams[0].state
        message = reload_table(table, scenario_file, watch)
        assert "previous version" in message and str(foreign) in message
        assert table.teams[0].state is before
    finally:
        table.close()
    assert foreign.read_text(encoding="utf-8") == "another game's file\n"


def test_a_version_the_game_no_longer_fits_can_start_again(tmp_path: Path) -> None:
    scenario_file, table = recorded(tmp_path)
    watch = Watch(scenario_file)
    old = table.teams[0].state
    chosen = old.chosen[0].key_results[0]
    try:
        digest = save(scenario_file, f"id: {chosen},", f"id: {chosen}_renamed,")
        message = reload_table(table, scenario_file, watch)
        assert "no longer applies" in message and message.endswith(
            "Ctrl+R starts the game again on the new version"
        )
        assert table.teams[0].state is old and watch.pending is not None
        assert (
            restart_table(table, watch) == f"Started again on the new version of {scenario_file}."
        )
        new = table.teams[0].state
        assert new.scenario_hash == digest and new.seed == old.seed and new.seats == old.seats
        assert new.phase != "quarter" and table.teams[0].actions == []
        path = table.teams[0].writer.path
        assert path.name == f"game-on-{digest[:8]}.jsonl"
        assert watch.pending is None and restart_table(table, watch) == ""
    finally:
        table.close()
    assert read_session(path).header["seed"] == old.seed
    assert len(read_session(tmp_path / "game.jsonl").actions) > 0  # the old game stays
