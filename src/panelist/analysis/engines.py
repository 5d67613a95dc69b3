"""The configured analysis engine (`PANELIST_ANALYSIS_ENGINE`), built once per settings."""

from __future__ import annotations

from functools import lru_cache

from panelist.analysis.builtin import BuiltinEngine
from panelist.analysis.engine import AnalysisEngine
from panelist.analysis.openai import OpenAIEngine
from panelist.settings import Settings


@lru_cache(maxsize=16)
def engine_for(settings: Settings) -> AnalysisEngine:
    if settings.analysis_engine == "openai":
        assert settings.openai_base_url
        assert settings.openai_model
        key = settings.openai_api_key
        return OpenAIEngine(
            base_url=settings.openai_base_url,
            model=settings.openai_model,
            api_key=key.get_secret_value() if key is not None else None,
            timeout_seconds=settings.openai_timeout_seconds,
            max_retries=settings.openai_max_retries,
        )
    return BuiltinEngine()
