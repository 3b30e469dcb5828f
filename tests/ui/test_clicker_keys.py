"""Clicker keys get out of everything: a text box, and the reacting role on the board."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.bots.policies import POLICIES
from game.engine import new_game
from game.scenario import load_scenario
from game.ui.app import App
from game.ui.scenes.cascade import CascadeScene
from game.ui.scenes.checkin import BoardScene
from tests.ui.driver import key, step

ROOT = Path(__file__).resolve().parents[2]


def play_until(app: App, done, limit: int = 4000) -> None:
    policy = POLICIES["good"]()
    for _ in range(limit):
        if done(app):
            return
        step(app, policy)
    raise AssertionError("never reached")


def at_a_translation(app: App) -> bool:
    return bool(
        isinstance(app.scene, CascadeScene)
        and app.scene.current
        and app.scene.current[1][0] == "translate"
    )


def open_the_text_box(app: App) -> None:
    """Right to the "Type our own…" card (as a clicker would), Enter to open its box."""
    app.focus = 0
    for _ in app.scene.choices:
        if app.focused_choice().key.startswith("Type our own"):
            break
        key(app, pygame.K_RIGHT)
    assert app.focused_choice().key.startswith("Type our own")
    key(app, pygame.K_RETURN)
    assert app.typing() and app.scene.entry is not None
    assert "Esc" in app.scene.hint() and "PgUp" in app.scene.hint()


def test_esc_page_up_and_enter_on_empty_leave_the_text_box_unsent():
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(app, at_a_translation)
    for leave in (pygame.K_ESCAPE, pygame.K_PAGEUP, pygame.K_RETURN):
        before, task = len(app.state.translations), app.scene.current
        open_the_text_box(app)
        key(app, leave, "\r" if leave == pygame.K_RETURN else "")
        for event in pygame.event.get():  # the box's own "finished" event (Enter)
            app.handle(event)
        app.draw()
        assert not app.typing() and not app.menu and not app.black, pygame.key.name(leave)
        assert isinstance(app.scene, CascadeScene) and app.scene.current == task
        assert len(app.state.translations) == before  # nothing sent
        assert app.scene.typing is None and "Not sent" in app.message
        key(app, pygame.K_RIGHT)  # the clicker works again: the focus moves
        assert app.focus != len(app.scene.choices) - 1 or len(app.scene.choices) == 1


def test_any_text_box_lets_go_of_the_keyboard_on_esc():
    """A text box on a screen without its own way out still lets go of the keys."""
    import pygame_gui

    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    assert not hasattr(app.scene, "close_entry")
    for leave in (pygame.K_ESCAPE, pygame.K_PAGEUP):
        box = pygame_gui.elements.UITextEntryLine(pygame.Rect(10, 10, 300, 50), manager=app.manager)
        box.focus()
        assert app.typing()
        key(app, leave)
        assert not app.typing() and not app.menu


def test_page_up_cycles_the_reacting_role_on_the_board():
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(app, lambda a: isinstance(a.scene, BoardScene))
    first = app.scene.reactor
    assert len(app.scene.reactors) > 1
    key(app, pygame.K_PAGEUP)
    assert app.scene.reactor != first and app.scene.reactor in app.scene.reactors
    assert (
        first in app.scene.hint()
        or app.state.scenario.role(app.scene.reactor).title in app.scene.hint()
    )


def test_the_watermelon_chart_ends_on_the_quarters_last_week():
    import dataclasses

    from game.scenario import load_scenario
    from game.session.autoplay import play
    from game.session.debrief import KeyResultWeeks, Reported, Truth, debrief

    made = debrief(play(load_scenario("tests/fixtures/good/tiny.yaml"), "good", 2))
    assert made.checkins == (2, 4, 6, 8, 10) and made.grid_weeks == (2, 4, 6, 8, 10, 12)
    row = KeyResultWeeks(
        "a", "A", "o", "Owner", "person", 0.5, False, 2, 4, None,
        (Reported(2, 8, 0.7), Reported(4, 3, 0.2)), (Truth(2, 0.7), Truth(4, 0.2), Truth(12, 0.0)),
    )  # fmt: skip
    late = dataclasses.replace(made, key_results=(row,), checkins=(2, 12))
    assert late.grid_weeks == (2, 12)  # a check-in in the last week: no extra column
    assert row.cell(12).reported is None and row.cell(12).true == "off track"


def test_page_down_in_the_debate_says_what_is_missing_then_keeps_three_and_locks():
    from game.ui.scenes.priorities import PrioritiesScene

    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(app, lambda a: isinstance(a.scene, PrioritiesScene) and a.state.step == "debate")
    rounds, version = app.state.debate_round, app.state.version
    key(app, pygame.K_PAGEDOWN)  # nothing selected: says what is missing, changes nothing
    assert app.state.version == version and app.state.debate_round == rounds
    assert "drop or merge" in app.message and "select the 3 to keep" in app.message
    wanted = [c.key for c in app.scene.choices[:3]]
    for _ in wanted:
        key(app, pygame.K_RETURN)  # the card's moves
        key(app, pygame.K_RETURN)  # Select (the first)
        key(app, pygame.K_RIGHT)
    assert app.scene.selected == wanted and not app.message
    key(app, pygame.K_PAGEDOWN)  # the preview: nothing played yet
    assert app.scene.keeping and app.state.version == version
    key(app, pygame.K_RIGHT)  # the second reason
    shown = app.scene.kept(app.scene.keep_moves()[1])
    dropped = [c.id for c in app.state.candidates if c.status == "open" and c.id not in wanted]
    for o in dropped:
        assert app.state.scenario.objective(o).label in shown.detail
    key(app, pygame.K_PAGEUP)  # back to the board, still nothing played
    assert not app.scene.keeping and app.state.version == version
    key(app, pygame.K_PAGEDOWN)
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RETURN)  # confirmed: the others dropped with the second reason
    reason = app.state.candidate(dropped[0]).reason
    assert {app.state.candidate(o).status for o in dropped} == {"dropped"}
    assert {app.state.candidate(o).reason for o in dropped} == {reason} != {"not_a_change"}
    assert "lock" in app.scene.hint().lower()
    key(app, pygame.K_PAGEDOWN)
    assert app.state.step == "key_results"
    assert sorted(c.id for c in app.state.chosen) == sorted(wanted)


def test_one_hand_over_and_one_private_screen_per_person_per_check_in():
    from game.ui.scenes.checkin import HandoverScene, PrivateReportScene
    from tests.ui.room_clicker import RoomClicker

    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    room = RoomClicker(app)
    handovers: dict[int, list[str]] = {}
    seen_several = False
    while app.state.phase not in ("review", "over"):
        scene = app.scene
        if isinstance(scene, HandoverScene) and (
            scene.role not in handovers.get(app.state.week, [])
        ):
            handovers.setdefault(app.state.week, []).append(scene.role)
        if isinstance(scene, PrivateReportScene) and len(scene.due()) > 1 and not seen_several:
            seen_several = True
            owned = {k.id for k in app.state.key_results if k.owner == scene.role}
            assert {p["key_result"] for p in scene.mine()} == owned  # all of them, one screen
            first = scene.kr_id
            key(app, pygame.K_RETURN)
            key(app, pygame.K_RETURN)  # sent: the next one's row opens on the same screen
            assert app.scene is scene and scene.kr_id != first
            app.clock_skew_ms -= 1000  # an Enter at once after the row changed: ignored
            version = app.state.version
            key(app, pygame.K_RETURN)
            assert app.state.version == version and scene.pending is None
            assert "Just a moment" in app.message
            for p in scene.mine():  # the forecast on the report's own 0–10 scale
                assert p["forecast_10"] == round(10 * app.state.kr(p["key_result"]).latest.q)
            continue
        room.step()
    assert seen_several, "no person reported on two key results at one check-in"
    for week, roles in handovers.items():
        owners = {k.owner for k in app.state.key_results} & set(app.people())
        assert sorted(roles) == sorted(owners), f"week {week}: hand-overs {roles}"


def board_with_bad_news() -> App:
    """Northwind's first check-in board, the focus on a card the reacting role may support."""
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(
        app, lambda a: isinstance(a.scene, BoardScene) and a.scene.showing() == "key_results"
    )
    scene = app.scene
    for _ in range(len(scene.reactors)):
        if any(scene.focused_move_on(c, "react") for c in scene.choices):
            break
        key(app, pygame.K_PAGEUP)
    app.focus = next(i for i, c in enumerate(scene.choices) if scene.focused_move_on(c, "react"))
    return app


def lit(app: App) -> str:
    return app.focused_choice().actions[app.card_menu][0]


def test_enter_opens_a_cards_moves_and_challenge_closes_them_like_support():
    app = board_with_bad_news()
    version, week = app.state.version, app.state.week
    key(app, pygame.K_RETURN)  # Enter opens the card's buttons: no reaction yet
    assert app.state.version == version and lit(app).startswith("Support")
    key(app, pygame.K_RIGHT)
    assert lit(app).startswith("Challenge")
    key(app, pygame.K_RETURN)
    made = app.state.reactions[-1]
    assert (made.reaction, made.role, made.week) == ("challenge", app.scene.reactor, week)
    assert app.card_menu is None  # closed, as after Support
    key(app, pygame.K_PAGEDOWN)  # no Esc needed: the weeks run
    assert app.state.week > week


def test_support_then_page_down_runs_the_weeks():
    app = board_with_bad_news()
    week = app.state.week
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)
    assert app.state.reactions[-1].reaction == "support" and app.card_menu is None
    key(app, pygame.K_PAGEDOWN)
    assert app.state.week > week


def test_page_down_on_a_fresh_board_runs_the_weeks():
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(
        app, lambda a: isinstance(a.scene, BoardScene) and a.scene.showing() == "key_results"
    )
    week = app.state.week
    key(app, pygame.K_PAGEDOWN)
    assert app.state.week > week


def test_the_cards_last_button_hands_the_reaction_to_the_next_person():
    app = board_with_bad_news()
    scene = app.scene
    first = scene.reactor
    key(app, pygame.K_RETURN)
    key(app, pygame.K_LEFT)  # from Support, Left wraps to the last button: who reacts
    title = app.state.scenario.role(first).title
    assert lit(app) == f"As {title} »"
    from game.ui import text

    text.MISSING_GLYPHS.clear()
    app.last_frame = ()
    app.draw()
    assert not text.MISSING_GLYPHS  # the button's » is in the font
    for rect, _ in app.scene.card_buttons[: len(app.focused_choice().actions)]:
        assert app.scene.grown.contains(rect), "a button runs past its card"
    seen = [first]
    for _ in range(len(scene.reactors) - 1):
        key(app, pygame.K_RETURN)  # the next person; the buttons stay open on this one
        assert app.card_menu is not None and lit(app).startswith("As ")
        assert app.state.scenario.role(scene.reactor).title in lit(app)
        assert app.state.scenario.role(scene.reactor).title in scene.hint()
        seen.append(scene.reactor)
    assert sorted(seen) == sorted(scene.reactors)
    key(app, pygame.K_RETURN)
    assert scene.reactor == first  # round the table and back
    for _ in range(len(scene.reactors)):  # someone who may react on this card
        if scene.focused_move_on(app.focused_choice(), "react"):
            break
        key(app, pygame.K_RETURN)
    reactor = scene.reactor
    key(app, pygame.K_RIGHT)  # wraps to the first button: Support, as the role chosen
    assert lit(app).startswith("Support")
    key(app, pygame.K_RETURN)
    assert (app.state.reactions[-1].role, app.state.reactions[-1].reaction) == (reactor, "support")


def test_the_debate_board_does_not_reflow_when_cards_go():
    """A dropped card leaves its cell empty and a merge takes its first member's: every other
    card stays where the room saw it (the grid reflowed after every drop)."""
    from game.ui.scenes.priorities import PrioritiesScene

    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1920, 1080))
    play_until(app, lambda a: isinstance(a.scene, PrioritiesScene) and a.state.step == "debate")

    def where() -> dict[str, tuple]:
        return {c.key: tuple(c.rect) for c in app.scene.choices}

    before = where()
    app.focus = 4
    gone = app.focused_choice().key
    key(app, pygame.K_d)  # the drop's reasons, then Enter on the first
    while app.state.candidate(gone).status == "open":
        key(app, pygame.K_RETURN)
    after = where()
    assert gone not in after and after == {k: r for k, r in before.items() if k != gone}
    first, second = [c.key for c in app.scene.choices if not c.button][:2]
    app.scene.toggle(first)
    app.scene.toggle(second)
    key(app, pygame.K_m)
    merge = next(c for c in app.state.chosen if c.merged)
    merged = where()
    assert merged[merge.id] == before[first] and first not in merged and second not in merged
    assert {k: r for k, r in merged.items() if k != merge.id} == {
        k: r for k, r in before.items() if k not in (gone, first, second)
    }
