"""The projector screens (pygame-ce + pygame_gui). The only package that imports pygame."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
