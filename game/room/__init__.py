"""The room on phones: a web server beside the projector, one page per leader's seat.

`offsite play --room` starts it (game/cli/play.py). The server is Starlette on uvicorn
(app.py, server.py); the hub (hub.py) sends each phone what its seat may see and do, from the
table (game/session/table.py), and plays the moves it sends back; seat tokens and the room
code are in keys.py, the messages a phone may send in messages.py. The page itself is plain
HTML, CSS and JavaScript in static/. See docs/facilitation.md, "Running the room with phones".
"""
