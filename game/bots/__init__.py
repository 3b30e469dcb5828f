"""Policies that can fill any seat: they choose actions through the engine's own API."""
