"""`python -m game` runs the `offsite` command."""

from game.cli.main import main

raise SystemExit(main())
