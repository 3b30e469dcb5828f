"""The `offsite` command: one module per subcommand."""
