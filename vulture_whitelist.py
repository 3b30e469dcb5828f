"""Names vulture reports as unused that are used — by a library, by name at run time, or by a
file format — read by `make lint` / `make test` (see [tool.vulture] in pyproject.toml).

Add a name here only with the reason it is not dead; delete dead code instead.
"""

# pydantic reads these by name: model settings and the construction hook.
model_config  # game/scenario/model.py, game/room/messages.py
model_post_init  # Scenario builds its index (game/scenario/model.py)
_._index  # Scenario's private attribute, read through __pydantic_private__
_without_unset_quarters  # Quarter's model serializer: pydantic calls it (game/scenario/model.py)

# Scenario file fields: designers write them and the schema documents them.
authors  # meta.authors: who wrote the scenario (shown by no screen)
support  # PeerLines: read by kind with getattr (game/peers/personality.py, line())
challenge
bad_news
good_news
advocate
influence  # Peer.influence: documented in docs/authoring.md, but no rule reads it yet

# Read by name at run time.
_.draw_teams  # DebriefScene.draw_board calls getattr(self, "draw_" + page)
_.draw_scores
_.draw_watermelon
_.draw_questions
_.draw_standing
_.draw_earlier
_.draw_end

# Attributes set for a library to read.
_.midbottom  # pygame.Rect placement (game/ui/start.py, game/ui/scenes/opening.py)
_.midtop  # pygame.Rect placement (game/ui/widgets.py draw_selected: the SELECTED tab)
_.should_exit  # uvicorn.Server stops serving when it is set (game/room/server.py)
_.binary_location  # Selenium's ChromeOptions (tests/room/browser.py)

# Kept on purpose.
_.unlisten  # Hub keeps the table's "stop listening"; nothing stops a hub yet

# Called by a library.
_glyphs_left_as_found  # an autouse pytest fixture (tests/report/test_hostile_report.py)
_.handle_starttag  # html.parser.HTMLParser calls it for each tag (same file)
