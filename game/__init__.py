"""Offsite: a simulation game for leadership offsites."""

__version__ = "0.1.0"
