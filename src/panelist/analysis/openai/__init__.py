"""An analysis engine backed by any OpenAI-compatible chat-completions endpoint."""

from panelist.analysis.openai.engine import OpenAIEngine

__all__ = ["OpenAIEngine"]
