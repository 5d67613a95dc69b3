"""The default analysis engine (spec §8.3): offline, deterministic, English and Lithuanian."""

from panelist.analysis.builtin.engine import ENGINE_NAME, ENGINE_VERSION, BuiltinEngine

__all__ = ["ENGINE_NAME", "ENGINE_VERSION", "BuiltinEngine"]
