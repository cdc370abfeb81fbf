"""Commitments: what the parties agreed, pledged, intended or proposed, with its domains."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from bilat.extract.context import ArticleContext
from bilat.extract.domains import domains_of
from bilat.facts.base import Fact
from bilat.kb.model import KnowledgeBase
from bilat.text import fold

FACT_TYPE = "commitment"


@dataclass(frozen=True)
class _Triggers:
    """Every trigger phrase in one alternation (group n is the n-th modality's phrase), tried
    only where a word opens as some phrase's first word does: a scan of every position of a
    sentence through thousands of alternatives is the extractor's main cost."""

    pattern: re.Pattern[str]
    modalities: list[str]
    openings: frozenset[str]  # the first three letters of each phrase's first word
    short: tuple[str, ...]  # first words shorter than that, matched as prefixes

    @staticmethod
    def build(kb: KnowledgeBase) -> _Triggers:
        lex = kb.lexicon.commitments
        # Between the words of a phrase, one adverb may stand ("se sont également engagés").
        adverbs = "|".join(
            [
                r"\w+" + re.escape(fold(lex.adverb_suffix)),
                *(re.escape(fold(w)) for w in lex.adverbs),
            ]
        )
        gap = rf"\s+(?:(?:{adverbs})\s+)?"
        alternatives: list[str] = []
        modalities: list[str] = []
        firsts: set[str] = set()
        for modality, phrases in lex.modalities.items():
            for phrase in phrases:
                words = fold(phrase).split()
                # A phrase ending in an elision ("l'importance d'") runs into the next word.
                end = "" if words[-1].endswith("'") else r"(?!\w)"
                alternatives.append("(" + gap.join(map(_word, words)) + end + ")")
                modalities.append(str(modality))
                first = _WORD.match(words[0])
                firsts.add(first.group() if first else "")
        pattern = re.compile(r"(?:" + "|".join(alternatives) + r")")
        openings = frozenset(f[:3] for f in firsts if len(f) >= 3)
        return _Triggers(pattern, modalities, openings, tuple(f for f in firsts if len(f) < 3))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The phrases of ``text``, left to right, none overlapping the one before."""
        end = 0
        for word in _WORD.finditer(text):
            if word.start() < end:
                continue
            opening = word.group()
            if opening[:3] not in self.openings and not opening.startswith(self.short):
                continue
            match = self.pattern.match(text, word.start())
            if match is not None:
                end = match.end()
                yield match


_WORD = re.compile(r"\w+")


def _word(word: str) -> str:
    """A trigger word as a regex: a trailing '*' stands for any ending ("engag*")."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word)


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.commitments
    triggers = ctx.kb.compiled("commitment_triggers", _Triggers.build)
    needs_subject = {fold(w) for w in lex.needs_party_subject}
    that = "|".join(re.escape(fold(w)) for w in lex.statement_complementisers)
    # An incise may stand between the verb and "que" ("a assuré, d'autre part, que").
    statements = [
        re.compile(rf"{re.escape(fold(w))}(?:\s*,[^,]{{1,40}},)?\s+(?:{that})")
        for w in lex.statement_verbs
    ]
    ordinals = {fold(w) for w in lex.list_ordinals}
    announces_list = ctx.kb.compiled("commitment_lists", _list_announcement)
    checks = ctx.kb.compiled("commitment_checks", _Checks.build)
    list_modality: str | None = None
    in_list_item = False
    previous_end = 0
    previous: Span | None = None
    for sent in ctx.sentences:
        text = ctx.folded_sentence(sent)
        new_paragraph = "\n" in ctx.text[max(0, previous_end - 3) : sent.start_char + 1]
        previous_end = sent.end_char
        # One clause per trigger; a trigger inside a clause already taken adds none
        # ("ont convenu de ... et se sont engagés à ..." is one clause, its domains all counted).
        found: list[tuple[int, int, str]] = []
        for start, modality, phrase in _modalities(text, triggers, statements):
            if found and start < found[-1][1]:
                continue
            if fold(phrase) in needs_subject and (
                not _party_subject(ctx, sent, start) or checks.agenda_next(sent, start, phrase)
            ):
                continue
            if not checks.undertaking(sent, text, start, phrase):
                continue
            found.append((start, _clause_end(sent, text, start, checks), modality))
        if not found:
            future = _future_pledge(ctx, sent, checks)
            if future is not None:
                found.append((future, _clause_end(sent, text, future, checks), lex.future_modality))
        if list_modality and _opens_with_ordinal(text, ordinals):
            in_list_item = True
        elif new_paragraph:
            in_list_item = False
        if not found and in_list_item and list_modality:
            found.append((0, _clause_end(sent, text, 0, checks), list_modality))
        before, previous = previous, sent
        if found and announces_list.search(text):
            list_modality = found[0][2]
        for start, end, modality in found:
            yield _commitment(ctx, sent, start, end, modality, before, checks)


def _clause_end(sent: Span, text: str, start: int, checks: _Checks) -> int:
    return min(_glued_end(sent.text, start), checks.clause_end(sent.text, start))


def _commitment(
    ctx: ArticleContext,
    sent: Span,
    start: int,
    end: int,
    modality: str,
    before: Span | None,
    checks: _Checks,
) -> Fact:
    """The commitment of the clause ``[start, end)`` of ``sent``."""
    clause = sent.char_span(start, end, alignment_mode="expand") or sent
    domains = domains_of(clause, ctx.kb)
    if not domains and before is not None and checks.anaphoric(fold(clause.text)):
        # "dans ces domaines": the domains the sentence before listed.
        domains = domains_of(before, ctx.kb)
    if not domains and checks.volume(fold(clause.text)):
        # "porter leurs échanges à dix milliards de dollars": a target of trade.
        domains = list(ctx.lex.commitments.volume_domains)
    return Fact(
        FACT_TYPE,
        {
            "parties": _parties(ctx, sent, start),
            "modality": modality,
            "domains": domains or ["politics"],
            "text": clause.text.strip(),
        },
        ctx.evidence(sent, clause.start, clause.end),
    )


# A full stop glued to the next sentence's capital ("en 2025.Les dirigeants"): the parser
# kept both in one sentence; the clause stops there.
_GLUED_STOP = re.compile(r"(?<=[a-zà-ÿ0-9])\.(?=[A-ZÀ-Ý])")


def _glued_end(text: str, start: int) -> int:
    match = _GLUED_STOP.search(text, start)
    return match.start() + 1 if match else len(text)


@dataclass(frozen=True)
class _Checks:
    """What makes a trigger an undertaking: a noun trigger needs a clause after it
    ("la volonté de renforcer", not "la volonté de Lima"); a wish of courtesy ("souhaité
    plein succès") is none."""

    nominal: re.Pattern[str]
    infinitive: frozenset[str]
    reflexives: frozenset[str]
    modals: frozenset[str]
    wishes: re.Pattern[str]
    wish_objects: re.Pattern[str]
    anaphora: re.Pattern[str]
    tails: re.Pattern[str]
    volumes: re.Pattern[str]
    agenda: frozenset[str]
    future_subjects: frozenset[str]
    future_endings: tuple[str, ...]

    @staticmethod
    def build(kb: KnowledgeBase) -> _Checks:
        lex = kb.lexicon.commitments

        def alternation(words: Sequence[str]) -> str:
            return "|".join(_word(w) for w in sorted((fold(w) for w in words), key=len)[::-1])

        return _Checks(
            re.compile(rf"(?:{alternation(lex.nominal_triggers)})$"),
            frozenset(" ".join(fold(w).split()) for w in lex.infinitive_triggers),
            frozenset(kb.lexicon.grammar.reflexive_pronouns),
            frozenset(kb.lexicon.grammar.modal_verbs),
            re.compile(rf"(?:{alternation(lex.wish_triggers)})$"),
            re.compile(rf"(?<!\w)(?:{alternation(lex.wish_objects)})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, map(fold, lex.anaphoric_domains)))})"),
            re.compile("|".join(map(re.escape, lex.clause_tails)), re.IGNORECASE),
            re.compile(
                rf"(?<!\w)(?:{'|'.join(map(re.escape, map(fold, lex.volume_words)))})(?!\w)"
            ),
            frozenset(map(fold, lex.future_agenda_lemmas)),
            frozenset(map(fold, lex.future_subjects)),
            tuple(lex.future_endings),
        )

    def undertaking(self, sent: Span, text: str, start: int, phrase: str) -> bool:
        phrase = fold(phrase)
        after = text[start + len(phrase) :]
        if self.wishes.search(phrase) and self.wish_objects.search(" ".join(after.split()[:5])):
            return False
        rest = sent.char_span(start + len(phrase), len(sent.text), alignment_mode="contract")
        # Nothing but names after the trigger ("», a assuré Vladimir Poutine."): no undertaking.
        if rest is None or all(t.pos_ in {"PROPN", "PUNCT", "SPACE"} for t in rest):
            return False
        if " ".join(phrase.split()) in self.infinitive:
            # "l'importance de renforcer": the verb at once, a reflexive pronoun aside.
            verbs = [t for t in rest[:2] if t.lower_ not in self.reflexives]
            return bool(verbs) and "Inf" in verbs[0].morph.get("VerbForm", [])
        if not self.nominal.search(phrase):
            return True
        # The clause of the noun: an infinitive ("volonte de renforcer") or a "que" clause
        # within its first words.
        return any("Inf" in t.morph.get("VerbForm", []) or t.pos_ == "SCONJ" for t in rest[:12])

    def agenda_next(self, sent: Span, start: int, phrase: str) -> bool:
        """Whether the verb a modal governs is an agenda item ("les deux ministres doivent
        évoquer", "devraient se réunir"), not an undertaking."""
        rest = sent.char_span(start + len(phrase), len(sent.text), alignment_mode="contract")
        # The governed verb: past auxiliaries and modals ("devraient pouvoir renforcer").
        verbs = [t for t in rest or () if t.pos_ == "VERB" and t.lemma_ not in self.modals]
        return bool(verbs) and fold(verbs[0].lemma_) in self.agenda

    def clause_end(self, text: str, start: int) -> int:
        """Where the clause stops: before a circumstance or a reporting tail ("lors de leur
        rencontre", ", a déclaré le porte-parole")."""
        match = self.tails.search(text, start)
        return match.start() if match else len(text)

    def volume(self, text: str) -> bool:
        return self.volumes.search(text) is not None

    def anaphoric(self, text: str) -> bool:
        return self.anaphora.search(text) is not None


def _list_announcement(kb: KnowledgeBase) -> re.Pattern[str]:
    """'deux axes', 'trois propositions': a sentence announcing the items that follow."""
    lex = kb.lexicon.commitments
    counts = "|".join(re.escape(fold(w)) for w in lex.list_counts)
    nouns = "|".join(re.escape(fold(w)) for w in lex.list_nouns)
    return re.compile(rf"\b(?:{counts})\s+(?:{nouns})\b")


def _modalities(
    text: str, triggers: _Triggers, statements: list[re.Pattern[str]]
) -> Iterator[tuple[int, str, str]]:
    for match in triggers.finditer(text):
        if match.lastindex is None:
            continue
        # "a assuré que la coopération progresse": a statement, not an undertaking.
        if any(p.match(text, match.start()) for p in statements):
            continue
        yield match.start(), triggers.modalities[match.lastindex - 1], match.group(0)


def _party_subject(ctx: ArticleContext, sent: Span, start: int) -> bool:
    """Whether the verb of the trigger at ``start`` has the parties as subject ("les deux
    pays devraient", not "les échanges devraient"); without a parsed subject, whether a party
    is named before it."""
    trigger = sent.char_span(start, len(sent.text), alignment_mode="expand")
    if trigger is None or len(trigger) == 0:
        return False
    verb = trigger[0]
    if verb.dep_.startswith("aux") and verb.head.i != verb.i:
        verb = verb.head
    subjects = _subjects(verb)
    if not subjects:
        # No subject parsed: a party named before a main verb; a subordinate verb keeps the
        # subject of its own clause, which the parse lost.
        return verb.dep_ == "ROOT" and _party_before(ctx, sent, start)
    return _any_party(ctx, subjects)


def _subjects(verb: Token) -> list[Token]:
    subjects = [t for t in verb.children if t.dep_.startswith("nsubj")]
    if not subjects and verb.dep_ == "conj":
        subjects = [t for t in verb.head.children if t.dep_.startswith("nsubj")]
    return subjects


def _any_party(
    ctx: ArticleContext, subjects: list[Token], extra: frozenset[str] = frozenset()
) -> bool:
    pair_subjects = {fold(w) for w in ctx.lex.references.pair_subjects} | extra
    for subject in subjects:
        # Misparsed modifiers: "les échanges russo-chinois", "les échanges entre les pays".
        if subject.pos_ == "ADJ" or any(c.dep_ == "case" for c in subject.children):
            continue
        if fold(subject.lemma_) in pair_subjects or fold(subject.text) in pair_subjects:
            return True
        if ctx.in_span(subject.i, subject.i + 1, {"COUNTRY", "CAPITAL"}):
            return True
        if ctx.refers_to_pair(ctx.doc[subject.left_edge.i : subject.i + 1]):
            return True
    return False


def _future_pledge(ctx: ArticleContext, sent: Span, checks: _Checks) -> int | None:
    """Where a pledge in the future tense starts: "nous renforcerons ...", "le Qatar
    fournira ..." (a party as subject, not an agenda verb such as "se réunira")."""
    for token in sent:
        tagged = token.pos_ == "VERB" and "Fut" in token.morph.get("Tense", [])
        tagged = tagged and "Ind" in token.morph.get("Mood", [])
        # The tagger often misses the first person plural ("nous renforcerons"): its ending.
        spelled = token.text.lower().endswith(checks.future_endings)
        if not (tagged or spelled):
            continue
        if fold(token.lemma_) in checks.agenda or fold(token.text) in checks.agenda:
            continue
        subjects = _subjects(token)
        if not subjects:
            continue
        first_person = all(fold(t.text) in checks.future_subjects for t in subjects)
        if (tagged and _any_party(ctx, subjects, checks.future_subjects)) or (
            spelled and first_person
        ):
            return token.idx - sent.start_char
    return None


def _party_before(ctx: ArticleContext, sent: Span, start: int) -> bool:
    head = sent.char_span(0, start, alignment_mode="contract")
    if head is None or len(head) == 0:
        return False
    return ctx.refers_to_pair(head) or bool(
        ctx.in_span(head.start, head.end, {"COUNTRY", "DEMONYM"})
    )


def _opens_with_ordinal(text: str, ordinals: set[str]) -> bool:
    words = re.findall(r"\w+", text[:40])
    return any(w in ordinals for w in words[:3])


def _parties(ctx: ArticleContext, sent: Span, start: int) -> list[str]:
    """The countries taking the commitment: the subject's, else the article's pair."""
    head = sent.char_span(0, start, alignment_mode="contract")
    if head is not None and len(head) and not ctx.refers_to_pair(head):
        named = [
            m.value
            for m in ctx.in_span(head.start, head.end, {"COUNTRY"})
            if m.value in ctx.kb.countries
        ]
        if named:
            return list(dict.fromkeys(named))
    return list(ctx.pair)
