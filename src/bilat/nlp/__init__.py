"""The spaCy pipeline: the statistical French model plus knowledge-base span rulers."""

from bilat.nlp.pipeline import MENTIONS_KEY, build_pipeline

__all__ = ["MENTIONS_KEY", "build_pipeline"]
