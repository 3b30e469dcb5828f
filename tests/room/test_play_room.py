"""`offsite play --room`: the address is checked before anything opens, the projector shows the
join screen (QR code, room code, who joined) and follows what phones play on the table."""

from __future__ import annotations

import socket
import threading

import pygame
import pytest
import segno

from game.cli.main import main
from game.cli.room import PhoneRoom
from game.room.server import RoomServer
from game.session.moves import Seat
from game.ui.app import App
from game.ui.room import qr_surface
from game.ui.scenes.join import JoinScene
from tests.room.conftest import make_room, play_room_until


@pytest.mark.parametrize(
    "argv, code, words",
    [
        (["--room", "--port", "70000"], 2, "a port is a number from 1 to 65535"),
        (["--room", "--port", "-3"], 2, "a port is a number"),
        (["--room", "--host", "no-such-host.invalid"], 2, "not an address this machine knows"),
        (["--room", "--host", "203.0.113.9"], 2, "give an address of this machine"),
        (["--host", "127.0.0.1"], 2, "--host and --port go with --room"),
        (["--port", "5000"], 2, "--host and --port go with --room"),
    ],
)
def test_bad_address_is_a_usage_error_before_anything_opens(
    tmp_path, capsys, argv, code, words
) -> None:
    session = tmp_path / "game.jsonl"
    assert main(["play", "--no-start-screen", "--session", str(session), *argv]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not session.exists()  # nothing was started


def test_a_port_in_use_says_so_and_exits_1(tmp_path, capsys) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        session = tmp_path / "game.jsonl"
        argv = ["play", "--no-start-screen", "--session", str(session), "--room"]
        assert main([*argv, "--host", "127.0.0.1", "--port", str(port)]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}: the port is in use" in err
    assert not session.exists()


def test_the_qr_code_is_segnos_matrix_module_by_module() -> None:
    pygame.init()
    text = "http://192.168.1.20:41234/?code=ACDEF"
    surface = qr_surface(text, 400)
    rows = [list(r) for r in segno.make(text, error="m", micro=False).matrix_iter(border=4)]
    scale = surface.get_width() // len(rows)
    assert scale >= 2 and surface.get_width() == surface.get_height() <= 400
    for y, row in enumerate(rows):
        for x, on in enumerate(row):
            pixel = surface.get_at((x * scale + scale // 2, y * scale + scale // 2))
            assert (pixel[:3] == (0, 0, 0)) == bool(on), (x, y)


@pytest.fixture
def projector(tmp_path):
    room = make_room(tmp_path)
    server = RoomServer(room.hub, "127.0.0.1", 0)
    server.start()
    face = PhoneRoom(server, room.hub)
    app = App(room.table, size=(1280, 720), room=face, started=True)
    yield room, face, app
    face.stop()
    room.table.close()


def key(app: App, k: int) -> None:
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))


def test_the_join_screen_lists_who_joined_and_comes_back_with_j(projector) -> None:
    room, face, app = projector
    assert isinstance(app.scene, JoinScene)
    assert face.url.startswith("http://127.0.0.1:") and face.url.endswith(f"?code={face.code}")
    before = app.frame_key()
    room.claim("0:vp_sales", "Ana")
    lines = {line.seat: line for line in face.seats()}
    assert lines[Seat("vp_sales", 0)].holder == "Ana"
    assert lines[Seat("ceo", 0)].holder is None
    assert app.frame_key() != before  # the screen redraws when a phone joins
    app.draw()
    key(app, pygame.K_RETURN)
    assert not isinstance(app.scene, JoinScene) and app.scene.name == "briefing"
    key(app, pygame.K_j)
    assert isinstance(app.scene, JoinScene)
    key(app, pygame.K_j)
    assert not isinstance(app.scene, JoinScene)


def test_the_projector_follows_moves_played_on_another_thread(projector) -> None:
    room, _, app = projector
    key(app, pygame.K_RETURN)
    play_room_until(room, lambda s: s.step == "shortlist")
    app.update(0.01)
    assert app.scene.place[:3] == ("priorities", 0, "shortlist")
    version = app.state.version
    vote = next(m for m in room.table.moves(Seat("vp_sales", 0)).of("vote") if not m.refused)
    played = threading.Thread(target=room.table.act, args=(Seat("vp_sales", 0), vote, 10))
    played.start()
    played.join()
    assert app.versions != app.table_versions()
    app.update(0.01)  # the next frame rebuilds the screen on the new state
    assert app.versions == app.table_versions() and app.state.version > version


def test_without_room_there_is_no_join_screen_and_j_does_nothing(tmp_path) -> None:
    room = make_room(tmp_path)
    app = App(room.table, size=(1280, 720), started=True)
    assert app.room is None and app.scene.name == "briefing"
    key(app, pygame.K_j)
    assert app.scene.name == "briefing"
    room.table.close()


def check_in(room) -> list[str]:
    """Play to a check-in with reports due; the roles that owe one."""
    due: list[str] = []

    def there(state) -> bool:
        people = room.table.people(0)
        due[:] = [r for r in people if room.table.moves(Seat(r, 0)).of("report")]
        return state.phase == "quarter" and len(due) >= 3

    play_room_until(room, there)
    while room.table.weeks_card() is not None:  # the room has read what happened in the weeks
        room.table.dismiss()
    return list(due)


def test_seats_on_phones_get_no_hand_over_the_projector_shows_who_answered(projector) -> None:
    from game.ui.scenes.checkin import BoardScene, HandoverScene

    room, _, app = projector
    key(app, pygame.K_RETURN)
    due = check_in(room)
    phones, laptop = due[:-1], due[-1]
    for role in phones:
        room.claim(f"0:{role}", role)
    app.update(0.01)
    assert isinstance(app.scene, HandoverScene) and app.scene.role == laptop  # not on a phone
    while room.table.moves(Seat(laptop, 0)).of("report"):
        app.play(room.table.moves(Seat(laptop, 0)).of("report")[0])
    assert app.scene.name == "waiting"  # the rest answer on their phones
    first = phones[0]
    while room.table.moves(Seat(first, 0)).of("report"):  # a phone answers (the table)
        room.table.act(Seat(first, 0), room.table.moves(Seat(first, 0)).of("report")[3], 5)
    app.update(0.01)
    cards = {c.key: c for c in app.scene.choices}
    assert cards[first].marks == ("ANSWERED",) and cards[phones[1]].marks == ("WAITING",)
    assert cards[laptop].marks == ("ANSWERED",)
    shown = " ".join(f"{c.label} {c.detail} {' '.join(c.marks)}" for c in app.scene.choices)
    assert "/10" not in shown and not any(ch.isdigit() for ch in shown)  # who, never what
    app.draw()
    for role in phones[1:]:
        while room.table.moves(Seat(role, 0)).of("report"):
            room.table.act(Seat(role, 0), room.table.moves(Seat(role, 0)).of("report")[7], 5)
    app.update(0.01)
    assert isinstance(app.scene, BoardScene)  # all in: the board is revealed


def test_the_facilitator_plays_an_absent_leaders_seat_or_releases_it(projector) -> None:
    from game.ui.scenes.checkin import HandoverScene

    room, _, app = projector
    key(app, pygame.K_RETURN)
    due = check_in(room)
    tokens = {role: room.claim(f"0:{role}", role) for role in due}
    app.update(0.01)
    assert app.scene.name == "waiting"
    absent, gone = due[0], due[1]
    card = next(c for c in app.scene.choices if c.key == absent)
    dict(card.actions)["Play this seat here"]()
    assert isinstance(app.scene, HandoverScene) and app.scene.role == absent
    assert room.keys.holder(Seat(absent, 0)) == absent  # still the phone's seat
    while room.table.moves(Seat(absent, 0)).of("report"):
        app.play(room.table.moves(Seat(absent, 0)).of("report")[4])
    assert app.scene.name == "waiting"
    card = next(c for c in app.scene.choices if c.key == gone)
    dict(card.actions)["Release the seat"]()
    assert room.keys.holder(Seat(gone, 0)) is None
    assert not room.keys.check(Seat(gone, 0), tokens[gone])  # the old phone's token is dead
    assert isinstance(app.scene, HandoverScene) and app.scene.role == gone  # the laptop's now
    room.claim(f"0:{gone}", "new phone")  # another phone takes it: no hand-over for it
    app.update(0.01)
    assert app.scene.name == "waiting"


def test_reactions_switch_is_recorded_and_shown_as_counts_or_names(tmp_path) -> None:
    from game.cli.room import open_room, recorded_reactions
    from game.room import view
    from game.session.log import load_all

    made = make_room(tmp_path)
    server = RoomServer(None, "127.0.0.1", 0)
    server.bind()
    face = open_room(server, made.table, made.path)
    try:
        assert face.reactions == "anonymous" and face.hub.reactions() == "anonymous"
        assert recorded_reactions(made.path) == "anonymous"  # a new room records its mode
        app = App(made.table, size=(1280, 720), room=face, started=True)
        key(app, pygame.K_RETURN)
        key(app, pygame.K_a)
        assert face.reactions == "attributed" and face.hub.reactions() == "attributed"
        entries = [e for e in load_all(made.path)[4] if e["entry"] == "reactions"]
        assert [e["reactions"]["mode"] for e in entries] == ["anonymous", "attributed"]
        assert recorded_reactions(made.path) == "attributed"
        key(app, pygame.K_a)
        assert recorded_reactions(made.path) == "anonymous"
        # a phone's view: counts only when anonymous, names when attributed
        for role in check_in(made):  # everyone reports 2/10; then one leader reacts
            while made.table.moves(Seat(role, 0)).of("report"):
                made.table.act(Seat(role, 0), made.table.moves(Seat(role, 0)).of("report")[2], 1)
        reacting = [
            (r, m)
            for r in made.table.people(0)
            for m in made.table.moves(Seat(r, 0)).of("react")
            if not m.refused
        ]
        assert reacting, "nobody may react after the reports"
        assert made.table.act(Seat(reacting[0][0], 0), reacting[0][1], 1).ok
        seen = view.phone_view(face.hub, Seat("ceo", 0))["reports"]
        assert any(sum(r["reactions"].values()) for r in seen) and not any("by" in r for r in seen)
        face.set_reactions("attributed")
        seen = view.phone_view(face.hub, Seat("ceo", 0))["reports"]
        assert any(any(r["by"].values()) for r in seen)
    finally:
        face.stop()
        made.table.close()
    assert recorded_reactions(made.path) == "attributed"
    server = RoomServer(None, "127.0.0.1", 0)  # --resume: the mode comes back from the file
    server.bind()
    from game.session.resume import open_writer, resume
    from game.session.table import Table

    back = resume(made.path)
    again = Table([back.replayed.state], writers=[open_writer(back)])
    face = open_room(server, again, made.path)
    try:
        assert face.reactions == "attributed"
    finally:
        face.stop()
        again.close()


def test_the_debrief_says_how_reactions_were_shown(projector) -> None:
    room, face, app = projector
    key(app, pygame.K_RETURN)
    play_room_until(room, lambda s: s.phase == "over", limit=1500)
    app.update(0.01)
    assert app.scene.name == "debrief"
    assert "Reactions were anonymous (the room saw counts)." in app.scene.news()
    face.reactions = "attributed"
    assert "Reactions were attributed (the room saw names)." in app.scene.news()


def test_a_waiting_leaders_buttons_are_drawn_for_the_clicker(projector) -> None:
    """Enter on a waiting leader's card grows it with its two buttons on the screen (they were
    opened unseen, so a second Enter played the seat here blind); Right and Enter release it."""
    from tests.ui.driver import key as press

    room, _, app = projector
    key(app, pygame.K_RETURN)
    due = check_in(room)
    for role in due:
        room.claim(f"0:{role}", role)
    app.update(0.01)
    assert app.scene.name == "waiting"
    first = app.scene.choices[app.focus]
    assert first.marks == ("WAITING",)
    press(app, pygame.K_RETURN)  # opens the card's buttons, and draws the frame
    grown = app.scene.grown
    assert grown is not None and len(app.scene.card_buttons) == 2  # both drawn, lit one first
    screen = pygame.Rect((0, 0), app.size)
    assert all(grown.contains(rect) and screen.contains(rect) for rect, _ in app.scene.card_buttons)
    assert room.keys.holder(Seat(first.key, 0)) == first.key  # nothing played yet
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RETURN)  # the second button: release the seat
    assert room.keys.holder(Seat(first.key, 0)) is None


def test_a_seat_played_here_is_the_phones_again_at_the_next_check_in(projector) -> None:
    """'Play this seat here' is for this check-in (a leader away, a phone that died): at the
    next one the phone that holds the seat answers again and the laptop shows no hand-over
    (it used to keep the seat on the laptop, hand-over and all, to the end of the game)."""
    from game.ui.scenes.checkin import HandoverScene

    room, _, app = projector
    key(app, pygame.K_RETURN)
    due = check_in(room)
    for role in due:
        room.claim(f"0:{role}", role)
    app.update(0.01)
    absent = due[0]
    card = next(c for c in app.scene.choices if c.key == absent)
    dict(card.actions)["Play this seat here"]()
    assert isinstance(app.scene, HandoverScene) and app.scene.role == absent
    week = room.table.state_of(0).week
    for role in due:  # this check-in's reports, the absent leader's on the laptop
        while room.table.moves(Seat(role, 0)).of("report"):
            room.table.act(Seat(role, 0), room.table.moves(Seat(role, 0)).of("report")[5], 5)
    again = check_in(room)
    assert room.table.state_of(0).week > week and absent in again
    app.update(0.01)
    assert app.scene.name == "waiting"  # no hand-over: the phone has its seat back
    cards = {c.key: c.marks for c in app.scene.choices}
    assert cards[absent] == ("WAITING",)


def test_the_phase_clock_stands_still_while_the_room_joins(projector) -> None:
    """Joining takes nothing from the briefing's minutes: the countdown waits on the join
    screen (and on J later) and runs once the game is on. (It ran: six phones joining ate 44
    seconds of the briefing's 10 minutes.)"""
    _, _, app = projector
    assert app.joining
    app.update(0.01)  # the first frame starts the stage's countdown
    full = app.timer.left_s
    for _ in range(30):
        app.update(1.0)
    assert app.timer.left_s == full  # 30 s on the join screen: still all there
    key(app, pygame.K_RETURN)  # to the game
    app.update(5.0)
    assert app.timer.left_s == full - 5.0
    key(app, pygame.K_j)  # a latecomer
    app.update(5.0)
    assert app.timer.left_s == full - 5.0


def test_enter_on_the_projector_does_not_play_a_seat_a_phone_holds(projector) -> None:
    """The shortlist's title names a voter whose phone holds the seat: Enter on a card plays
    nothing from the laptop and says why; the same Enter again (a leader away, a dead phone)
    plays it here, on purpose. A seat no phone holds votes at the first Enter."""
    room, _, app = projector
    key(app, pygame.K_RETURN)
    play_room_until(room, lambda s: s.step == "shortlist")
    app.update(0.01)
    voter = app.scene.voter()
    room.claim(f"0:{voter}", "Ana")
    app.update(0.01)
    title = app.state.scenario.role(voter).title
    app.focus = 0
    votes = app.state.candidate(app.focused_choice().key).votes
    key(app, pygame.K_RETURN)
    app.update(0.01)
    assert app.state.candidate(app.scene.choices[0].key).votes == votes  # nothing played
    assert app.message.startswith(f"{title} answers on their phone")
    key(app, pygame.K_RETURN)  # again: played here for them
    app.update(0.01)
    assert not app.message
    assert app.state.candidate(app.scene.choices[0].key).votes == votes + 1
