"""The engine's caches: one per state (`Derived`), one per scenario (`ScenarioDerived`).

What is derived from a state lives in that state's `derived` field and nowhere else: it never
changes the state's data or hash, a new state starts with an empty one, every value a rule keeps
is a declared attribute, and the pure layers hold no module-level state.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import json
import weakref
from pathlib import Path

from game.engine import ROOM, HashMemo, apply, legal_actions, state_hash, to_json, whose_turn
from game.engine.actions import Undo
from game.engine.state import Derived, Forecast, KpiWeek, ScenarioDerived, of_scenario, replace
from game.scenario import load_scenario
from game.scenario.model import Pooled, index
from game.session.autoplay import steps
from tests.conftest import ROOT

PURE = ("scenario", "engine", "scoring")


def declared(cls: type) -> set[str]:
    return set(cls.__annotations__)


def test_a_whole_game_keeps_only_declared_values(tiny) -> None:
    seen: set[str] = set()
    for step in steps(tiny, "good", 3):
        state = step.state
        whose_turn(state)
        for role in (ROOM, *(r.id for r in tiny.roles)):
            legal_actions(state, role)
        assert set(vars(state.derived)) <= declared(Derived), "a rule kept an undeclared value"
        seen |= set(vars(state.derived))
    assert {"legal", "whose_turn", "board", "this_week", "cascade_moves"} <= seen
    assert set(vars(of_scenario(tiny))) <= declared(ScenarioDerived)


def test_the_cache_is_not_the_game(tiny) -> None:
    states = [step.state for step in steps(tiny, "hider", 5)]
    for state in states[::7]:
        before = state_hash(state)
        fresh = replace(state)
        assert vars(fresh.derived) == {}, "a new state starts with an empty cache"
        legal_actions(state, ROOM)
        whose_turn(state)
        assert vars(state.derived)
        assert state_hash(state) == before == state_hash(fresh)
        assert state == fresh  # the cache is not compared
        assert fresh.derived is not state.derived


def canonical_hash(state) -> str:
    text = json.dumps(to_json(state), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_hash_memo_changes_no_hash(tiny) -> None:
    """A session writer hashes every state with its own HashMemo: the same hashes as the
    canonical JSON, through whole games, undone moves and a memo that starts again."""
    for scenario, policy, seed in ((tiny, "hider", 5), (load_scenario(), "good", 3)):
        memo, undone = HashMemo(), 0
        states = [step.state for step in steps(scenario, policy, seed)]
        for i, state in enumerate(states):
            assert state_hash(state, memo) == canonical_hash(state) == state_hash(state)
            turn = whose_turn(state)
            if i % 9 == 4 and turn:
                moved, _ = apply(state, legal_actions(state, turn[0])[0])  # a person's move
                back, _ = apply(moved, Undo())
                assert state_hash(moved, memo) == canonical_hash(moved)
                assert state_hash(back, memo) == canonical_hash(back)
                undone += 1
        assert undone > 3
        assert 0 < memo._chars <= HashMemo.MAX_CHARS + len(json.dumps(to_json(states[-1])))
    small = HashMemo()
    small.MAX_CHARS = 1000  # starts again nearly every time
    for state in states[::5]:
        assert state_hash(state, small) == canonical_hash(state)


def test_the_index_lives_with_its_scenario() -> None:
    path = ROOT / "tests" / "fixtures" / "good" / "tiny.yaml"
    one, two = load_scenario(path), load_scenario(path)
    assert index(one) is index(one) and index(one) is not index(two)
    kr = one.objectives[0].key_results[0]
    assert one.key_result(kr.id) == Pooled(one.objectives[0], kr)
    gone = weakref.ref(one)
    del one
    gc.collect()
    assert gone() is None, "something outside the scenario (a module-level table?) still holds it"


def test_updated_copies_answer_from_their_own_index(tiny) -> None:
    fewer = tiny.model_copy(update={"roles": tiny.roles[:2]})
    assert len(index(fewer).roles) == 2 < len(index(tiny).roles)


def test_histories_and_pool_entries_are_named(tiny) -> None:
    final = None
    for step in steps(tiny, "good", 1):
        final = step.state
    assert final is not None
    for kr in final.key_results:
        assert all(isinstance(f, Forecast) for f in kr.history)
        assert kr.latest is kr.history[-1] and 0.0 <= kr.latest.q <= 1.0
    for kpi in final.kpis:
        assert all(isinstance(w, KpiWeek) for w in kpi.history)
    for o in tiny.objectives:
        for k in o.key_results:
            pooled = tiny.key_result(k.id)
            assert isinstance(pooled, Pooled)
            assert pooled.model is k and pooled.objective is o
            assert pooled.owner == (k.owner or o.advocates[0])


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / "game" / package).rglob("*.py"))


def test_the_pure_layers_hold_no_module_state() -> None:
    """No `global`, and no object's `__dict__` touched except by `state.replace` building one."""
    found = []
    for package in PURE:
        for path in _modules(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            builder = {
                id(n)
                for f in ast.walk(tree)
                if isinstance(f, ast.FunctionDef)
                and f.name == "replace"
                and path.name == "state.py"
                for n in ast.walk(f)
            }
            for node in ast.walk(tree):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.Global):
                    found.append(f"{where}: global")
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr == "__dict__"
                    and id(node) not in builder
                ):
                    found.append(f"{where}: __dict__")
    assert not found, "\n".join(found)
