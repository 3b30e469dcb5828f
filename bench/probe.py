"""Measurements that need a fresh process: `python bench/probe.py WHAT [ARGS]`.

Each prints one JSON line on stdout. The UI ones run headless (SDL's dummy video driver)
through what `game.ui` offers: `offsite play --frames N`, `App(state, size)`, `App.draw()` and
the screen moments of `game.ui.screenshot`.

    first-frame             `offsite play` at 1920×1080: prints {"ready": true} the moment
                            its first frame is on the screen
    frames W H PASSES N     per screen: N frames that each show a change (the focus moves:
                            a full redraw) and N unchanged frames, PASSES times
    rss-autoplay            peak RSS of one whole autoplayed game (no UI)
    rss-ui                  peak RSS of one whole game played through the UI at 1920×1080
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

SEED = 1
FRAME_DT = 1 / 30  # the app's loop runs at 30 frames a second


def say(data: object) -> None:
    """One JSON line, flushed at once (the parent may be timing it)."""
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def first_frame() -> None:
    """`offsite play` for one frame; the patched flip reports the first frame at once."""
    import tempfile

    import pygame

    from game.cli.main import main

    flip = pygame.display.flip

    def flip_and_tell() -> None:
        flip()
        if not getattr(flip_and_tell, "told", False):
            flip_and_tell.told = True  # type: ignore[attr-defined]
            say({"ready": True})

    pygame.display.flip = flip_and_tell
    with tempfile.TemporaryDirectory() as folder:
        session = str(Path(folder) / "bench.jsonl")
        args = ["play", "--size", "1920x1080", "--frames", "1", "--seed", str(SEED)]
        code = main([*args, "--session", session])
    if code:
        raise SystemExit(f"offsite play exited with {code}")


def frame(app, changed: bool) -> float:
    """One frame of the app's loop, in milliseconds: update, draw, flip. A changed frame moves
    the focus and drops the app's memory of the last frame, so it is drawn in full."""
    import pygame

    if changed:
        choices = len(getattr(app.scene, "choices", ()))
        if choices > 1:
            app.focus = (app.focus + 1) % choices
        if hasattr(app, "last_frame"):
            app.last_frame = None
    start = time.perf_counter()
    (app.update if hasattr(app, "update") else app.manager.update)(FRAME_DT)
    app.draw()
    pygame.display.flip()
    return (time.perf_counter() - start) * 1000


def frames(width: int, height: int, passes: int, count: int) -> None:
    """Frame times per screen at one resolution: {screen: [[ms, …] per pass]}, for frames
    with a change on them and for unchanged ones."""
    from game.engine import new_game
    from game.scenario import load_scenario, scenario_hash
    from game.ui.app import App
    from game.ui.screenshot import SCENES, render_scene

    scenario = load_scenario()
    app = App(new_game(scenario, SEED, scenario_hash=scenario_hash(scenario)), size=(width, height))
    changed: dict[str, list[list[float]]] = {name: [] for name in SCENES}
    idle: dict[str, list[list[float]]] = {name: [] for name in SCENES}
    for _ in range(passes):
        for name in SCENES:
            try:
                render_scene(app, scenario, SEED, name)
            except LookupError:
                continue
            frame(app, True)
            frame(app, True)
            changed[name].append([frame(app, True) for _ in range(count)])
            idle[name].append([frame(app, False) for _ in range(count)])
    say(
        {
            "size": [width, height],
            "changed": {k: v for k, v in changed.items() if v},
            "idle": {k: v for k, v in idle.items() if v},
        }
    )


def rss_autoplay() -> None:
    """Peak RSS of one whole autoplayed game of the default scenario."""
    from game.scenario import load_scenario
    from game.session.autoplay import play

    play(load_scenario(), "good", SEED)
    say({"peak_rss_mb": peak_rss_mb()})


def rss_ui() -> None:
    """Peak RSS of one whole game played through the projector app, headless, frame by frame:
    the `good` policy holds the people's seats and the room, the app runs the peers."""
    import pygame

    from game.bots.policies import Policy, held_by_people
    from game.engine import is_over, new_game
    from game.scenario import load_scenario, scenario_hash
    from game.session.autoplay import next_action
    from game.ui.app import App

    scenario = load_scenario()
    app = App(new_game(scenario, SEED, scenario_hash=scenario_hash(scenario)))
    app.draw()
    app.start()
    policy, held = Policy(), set(held_by_people(app.state))
    actions = 0
    while not is_over(app.state):
        if not app.play(next_action(app.state, policy, held)):
            raise SystemExit(f"the app refused an action: {app.message}")
        actions += 1
        (app.update if hasattr(app, "update") else app.manager.update)(FRAME_DT)
        app.draw()
        pygame.display.flip()
    say({"peak_rss_mb": peak_rss_mb(), "actions": actions})


def main(argv: list[str]) -> None:
    what, args = argv[0], [int(a) for a in argv[1:]]
    if what == "first-frame":
        first_frame()
    elif what == "frames":
        frames(*args)
    elif what == "rss-autoplay":
        rss_autoplay()
    elif what == "rss-ui":
        rss_ui()
    else:
        raise SystemExit(f"unknown probe {what!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
