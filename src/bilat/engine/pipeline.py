"""The in-process pipeline: parse documents in batches with nlp.pipe, and extract their facts.

The spaCy pipeline is built once per process, and only when a document actually needs parsing
(re-ingesting a stored corpus never loads the model). Worker processes and Ray actors each run
one :class:`Processor`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from bilat.engine.base import ProcessedDocument
from bilat.ingest import Document
from bilat.kb import KnowledgeBase, load_kb
from bilat.settings import Settings
from bilat.store.store import SentenceSpan

if TYPE_CHECKING:  # spaCy is imported only when a document needs parsing
    from spacy.language import Language
    from spacy.tokens import Doc

    from bilat.nlp.relevance import ParsePlan, RelevanceFilter


class Processor:
    """The pipeline and knowledge base of this process, built on first use (a
    :class:`~bilat.engine.base.DocumentProcessor`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._kb: KnowledgeBase | None = None
        self._nlp: Language | None = None  # noqa: UP037
        self._relevance: RelevanceFilter | None = None  # noqa: UP037

    def with_settings(self, settings: Settings) -> Processor:
        """Another processor over this one's pipeline and knowledge base (built once)."""
        other = Processor(settings)
        other._kb, other._nlp, other._relevance = self._kb, self._nlp, self._relevance
        return other

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb(self.settings.language, self.settings.user_kb)
        return self._kb

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from bilat.nlp import build_pipeline

            self._nlp = build_pipeline(self.settings, self.kb)
        return self._nlp

    @property
    def relevance(self) -> RelevanceFilter:
        if self._relevance is None:
            from bilat.facts import fact_types
            from bilat.nlp.relevance import RelevanceFilter

            language = self.settings.language
            self._relevance = RelevanceFilter(
                self.kb.lexicons,
                self.nlp.Defaults.stop_words,
                [w for kind in fact_types() for w in kind.trigger_words(language)],
            )
        return self._relevance

    def close(self) -> None:
        """Nothing to release: the pipeline lives as long as this process."""

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]:
        """Parse and extract, batch by batch, in input order.

        A light pass first (no model) plans each article's parse: an article that cannot
        yield a fact is not parsed, and sentences that cannot are blanked before the
        statistical components run (``settings.skip_irrelevant``; see bilat.nlp.relevance).
        """
        iterator = iter(documents)
        first = next(iterator, None)
        if first is None:
            return  # nothing new: never load the model
        from bilat.extract.context import DocumentInfo, sentence_spans
        from bilat.extract.registry import extract_document
        from bilat.nlp.pipeline import LIGHT_COMPONENTS, light_doc

        nlp = self.nlp
        skip = self.settings.skip_irrelevant

        def planned() -> Iterator[tuple[Doc, tuple[Document, ParsePlan | None]]]:
            for document in chain([first], iterator):
                doc = light_doc(nlp, document.text)
                plan = self.relevance.plan(doc) if skip else None
                if plan is not None and plan.parse_nothing:
                    doc = nlp.make_doc("")  # keeps the batch in order; nothing to parse
                elif plan is not None and not plan.parse_all:
                    doc = light_doc(nlp, plan.blanked(document.text))
                yield doc, (document, plan)

        for doc, (document, plan) in nlp.pipe(
            planned(),
            as_tuples=True,
            batch_size=self.settings.batch_size,
            disable=list(LIGHT_COMPONENTS),
        ):
            skipped = plan.skipped_chars if plan is not None else 0
            if plan is not None and plan.parse_nothing:
                sentences = [SentenceSpan(s.start, s.end) for s in plan.segments]
                yield ProcessedDocument(document, sentences, [], skipped_chars=skipped)
                continue
            parsed = [SentenceSpan(s.start_char, s.end_char) for s in sentence_spans(doc)]
            sentences = parsed if plan is None else _stored_sentences(plan, parsed, document.text)
            try:
                extraction = extract_document(
                    doc, DocumentInfo(document.name, document.date), self.kb
                )
            except Exception as error:  # noqa: BLE001 - one document's failure must not stop a run
                if self.settings.debug:
                    raise
                message = f"{document.source}: extraction failed: {type(error).__name__}: {error}"
                yield ProcessedDocument(document, sentences, [], error=message)
                continue
            yield ProcessedDocument(
                document,
                sentences,
                extraction.facts,
                persons=extraction.persons,
                skipped_chars=skipped,
            )


def _stored_sentences(plan: ParsePlan, parsed: list[SentenceSpan], text: str) -> list[SentenceSpan]:
    """The article's sentences: the parser's where it parsed, the light pass's elsewhere.

    A parsed sentence next to a blank runs on over it (the blank is whitespace tokens): it is
    cut at the blank, and a piece of it that is only whitespace is dropped.
    """
    if plan.parse_all:
        return parsed
    skipped = [SentenceSpan(s.start, s.end) for s in plan.segments if not s.keep]
    pieces: list[SentenceSpan] = []
    first = 0  # both lists are in text order: the blanks before a sentence are never needed
    for sentence in parsed:
        while first < len(skipped) and skipped[first].end <= sentence.start:
            first += 1
        start = sentence.start
        for blank in skipped[first:]:
            if blank.start >= sentence.end:
                break
            if blank.start > start:
                pieces.append(SentenceSpan(start, blank.start))
            start = max(start, blank.end)
        if start < sentence.end:
            pieces.append(SentenceSpan(start, sentence.end))
    kept = [p for p in pieces if text[p.start : p.end].strip()]
    return sorted(kept + skipped, key=lambda s: s.start)
