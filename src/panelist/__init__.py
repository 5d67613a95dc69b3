"""Panelist: a self-hostable AI-interview platform with a wire-compatible public REST API."""

__version__ = "0.1.0"
