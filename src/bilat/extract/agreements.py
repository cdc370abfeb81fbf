"""Agreements: treaties, accords, declarations, memoranda, plans; what was done with them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from bilat.extract.context import ArticleContext
from bilat.extract.dates import DateMention, month_of
from bilat.extract.domains import domains_of
from bilat.facts.base import Fact
from bilat.kb.lexicon import AgreementsLexicon
from bilat.kb.model import KnowledgeBase
from bilat.text import fold

FACT_TYPE = "agreement"
# Which action wins when several words apply ("envisager la signature" is planned).
ACTION_PRECEDENCE = ("planned", "entered_into_force", "implemented", "signed", "adopted")


@dataclass(frozen=True)
class AgreementWords:
    """The pack's words this extractor needs, as sets, built once per knowledge base."""

    determiners: frozenset[str]
    coordinators: frozenset[str]
    additive: frozenset[str]  # "et"
    partitives: frozenset[str]
    modal_verbs: frozenset[str]
    title_stops: frozenset[str]  # words and punctuation that end a title
    title_end_words: frozenset[str]
    count_quantifiers: frozenset[str]  # "une quarantaine d'accords", "un ensemble de textes"
    vague_quantifiers: frozenset[str]
    in_force: frozenset[str]
    list_introducers: frozenset[str]
    occasion_words: frozenset[str]
    signatory_prepositions: frozenset[str]
    signatory_glue: frozenset[str]
    statement_nouns: frozenset[str]
    actions: frozenset[str]


# Punctuation that ends a title; the words that do are the pack's.
TITLE_STOP_PUNCTUATION = (",", ";", "(", ")", ":", "«", "»", "–")


def _agreement_words(kb: KnowledgeBase) -> AgreementWords:
    lex = kb.lexicon.agreements
    grammar = kb.lexicon.grammar
    return AgreementWords(
        determiners=frozenset(grammar.determiners),
        coordinators=frozenset(grammar.coordinators),
        additive=frozenset(grammar.additive_coordinators),
        partitives=frozenset(grammar.partitives),
        modal_verbs=frozenset(grammar.modal_verbs),
        title_stops=frozenset((*TITLE_STOP_PUNCTUATION, *lex.title_stop_words)),
        title_end_words=frozenset(lex.title_end_words),
        count_quantifiers=frozenset((*lex.count_quantifiers, *lex.count_nouns, ",")),
        vague_quantifiers=frozenset(lex.vague_quantifiers),
        in_force=frozenset(lex.actions.get("entered_into_force", ())),
        list_introducers=frozenset(lex.list_introducers),
        occasion_words=frozenset(lex.occasion_words),
        signatory_prepositions=frozenset(lex.signatory_prepositions),
        signatory_glue=frozenset(lex.signatory_glue),
        statement_nouns=frozenset(lex.statement_nouns),
        actions=frozenset(w for words in lex.actions.values() for w in words),
    )


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.agreements
    words: AgreementWords = ctx.kb.compiled("agreement_words", _agreement_words)
    action_of = {w: action for action, verbs in lex.actions.items() for w in verbs}
    seen: set[tuple[str, str]] = set()
    nouns = {fold(n) for n in lex.nouns}
    candidates = ctx.tokens_with_lemma(lex.nouns)
    covered = -1  # a trigger inside a title already read ("accord d'exemption de visa")
    signing: dict[int, DateMention | None] = {}  # sentence start -> date of a signing told there
    for trigger in candidates:
        sent = ctx.sentence_of(trigger.i)
        if _is_signing(ctx, sent, trigger, action_of):
            signing.setdefault(sent.start, _first(ctx.dates_in(sent)))
        if trigger.i < covered or not _is_trigger(ctx, trigger, lex, words):
            continue
        for title, _anchor in _titles(ctx, sent, trigger, words, nouns):
            covered = max(covered, title.end)
            if _names_an_organisation(ctx, title):
                continue  # "la Convention des Nations unies sur le droit de la mer"
            actions = _actions(ctx, sent, trigger, title, action_of, words)
            if not actions:
                actions = _listed_after_signing(ctx, sent, signing, lex)
            for action, date in actions:
                key = (fold(title.text), action)
                if key in seen:
                    continue
                seen.add(key)
                yield _fact(ctx, sent, title, action, date, trigger, words)


def _first(dates: list[DateMention]) -> DateMention | None:
    return dates[0] if dates else None


def _is_signing(ctx: ArticleContext, sent: Span, trigger: Token, action_of: dict[str, str]) -> bool:
    """'ont signé trois mémorandums', 'la signature de sept instruments': a signing."""
    window = [*_ancestors(trigger), *ctx.doc[max(sent.start, trigger.i - 6) : trigger.i]]
    return any(action_of.get(t.lemma_.lower()) == "signed" for t in window)


def _listed_after_signing(
    ctx: ArticleContext,
    sent: Span,
    signing: dict[int, DateMention | None],
    lex: AgreementsLexicon,
) -> list[tuple[str, DateMention | None]]:
    """'Parmi ces textes figure un mémorandum…' after a sentence telling of a signing."""
    index = ctx.sentences.index(sent) if sent in ctx.sentences else -1
    if index < 0:
        return []
    openers = {fold(w) for w in lex.list_openers}
    opens = any(fold(t.lemma_) in openers or fold(t.lower_) in openers for t in sent[:6])
    for back in range(0, 3):
        if index - back < 0:
            break
        start = ctx.sentences[index - back].start
        if start in signing and (back == 0 or opens):
            return [("signed", signing[start])]
    return []


def _names_an_organisation(ctx: ArticleContext, title: Span) -> bool:
    for mention in ctx.in_span(title.start, title.end, {"ORG"}):
        org = ctx.kb.organisations.get(mention.value)
        if org is not None and org.kind == "organisation":
            return True
    return False


def _is_trigger(
    ctx: ArticleContext, token: Token, lex: AgreementsLexicon, words: AgreementWords
) -> bool:
    word = token.lower_
    lemma = token.lemma_.lower()
    if token.pos_ not in {"NOUN", "PROPN"} or (lemma not in lex.nouns and word not in lex.nouns):
        return False
    before = {t.lower_ for t in ctx.doc[max(0, token.i - 3) : token.i]}
    if before & words.vague_quantifiers:
        return True  # "de nombreux documents, dont ...": the listed items are the documents
    modifiers = lex.needs_modifier.get(lemma) or lex.needs_modifier.get(word)
    if modifiers:
        following = {fold(t.lemma_) for t in ctx.doc[token.i + 1 : token.i + 5]}
        following |= {fold(t.lower_) for t in ctx.doc[token.i + 1 : token.i + 5]}
        if not following & {fold(m) for m in modifiers}:
            return False
    before_tokens = ctx.doc[max(0, token.i - 3) : token.i]
    before = {t.lemma_.lower() for t in before_tokens}
    if "Plur" in token.morph.get("Number", []):
        # "trois mémorandums", "une quarantaine d'accords, de conventions": a count, not a title
        previous = before_tokens[-1] if len(before_tokens) else None
        if previous is not None and previous.pos_ == "NUM":
            return False
        if previous is not None and previous.lower_ in words.partitives and previous.i > 0:
            counted = ctx.doc[previous.i - 1]
            quantifiers = words.count_quantifiers
            if counted.lemma_.lower() in quantifiers or counted.lower_ in quantifiers:
                return False
    return not before & set(lex.count_quantifiers)


def _titles(
    ctx: ArticleContext, sent: Span, trigger: Token, words: AgreementWords, nouns: set[str]
) -> list[tuple[Span, Token]]:
    """The document's name as written; for 'de nombreux documents, dont A et B', A and B."""
    before = {t.lower_ for t in ctx.doc[max(sent.start, trigger.i - 3) : trigger.i]}
    if before & words.vague_quantifiers:
        return _listed_after_dont(ctx, sent, trigger, words)
    title = _noun_phrase(ctx, trigger, sent.end, words)
    content = [
        t
        for t in title
        if t.is_alpha
        and t.lower_ not in words.determiners
        and fold(t.lemma_) not in nouns
        and fold(t.lower_) not in nouns
        and t.lower_ not in words.coordinators
    ]
    if not content:
        return []  # "l'accord", "les accords": a reference, not a named document
    return [(title, trigger)]


def _adjectival(token: Token, action_words: frozenset[str]) -> bool:
    """'portant sur', 'personnes condamnées': part of a title; 'signé en 2023' is not."""
    if "Part" not in token.morph.get("VerbForm", []):
        return False
    if "Pres" in token.morph.get("Tense", []):
        return True
    return token.lemma_.lower() not in action_words and token.nbor(-1).text != ","


def _noun_phrase(ctx: ArticleContext, head: Token, limit: int, words: AgreementWords) -> Span:
    """From ``head`` rightwards through its modifiers, stopping at clauses, past participles
    and the next document of a list ("… de Sfax et un mémorandum de coopération")."""
    subtree = {t.i for t in head.subtree}
    nouns = set(ctx.lex.agreements.nouns)
    end = head.i + 1
    for token in ctx.doc[head.i + 1 : limit]:
        if token.lower_ in words.coordinators and _next_document(ctx, token, limit, nouns):
            break
        if token.lower_ in words.title_stops or (
            token.i not in subtree and token.pos_ in {"VERB", "AUX", "PRON", "SCONJ"}
        ):
            break
        if token.pos_ == "AUX" or (token.pos_ == "VERB" and not _adjectival(token, words.actions)):
            break
        end = token.i + 1
    while end - 1 > head.i and not ctx.doc[end - 1].is_alpha:
        end -= 1
    trimmed = words.determiners | words.title_end_words
    while end - 1 > head.i and ctx.doc[end - 1].lower_ in trimmed:
        end -= 1
    return ctx.doc[head.i : end]


def _listed_after_dont(
    ctx: ArticleContext, sent: Span, trigger: Token, words: AgreementWords
) -> list[tuple[Span, Token]]:
    dont = next(
        (t for t in ctx.doc[trigger.i : sent.end] if t.lower_ in words.list_introducers), None
    )
    if dont is None:
        return []
    items: list[tuple[Span, Token]] = []
    start = dont.i + 1
    for token in ctx.doc[dont.i + 1 : sent.end + 1]:
        boundary = (
            token.i >= sent.end
            or token.text in {",", ";", "."}
            or (token.lower_ in words.additive and ctx.doc[token.i + 1].lower_ in words.determiners)
        )
        if not boundary:
            continue
        glue = words.determiners | words.additive
        item = [t for t in ctx.doc[start : token.i] if t.lower_ not in glue]
        if len(item) >= 2:
            first = item[0]
            items.append((ctx.doc[first.i : token.i], first))
        start = token.i + 1
    return items


def _actions(
    ctx: ArticleContext,
    sent: Span,
    trigger: Token,
    title: Span,
    action_of: dict[str, str],
    words: AgreementWords,
) -> list[tuple[str, DateMention | None]]:
    """The actions told of this document, each with its own date when the text gives one."""
    found: dict[str, Token] = {}
    for token in [*_ancestors(trigger), *ctx.doc[max(sent.start, trigger.i - 6) : trigger.i]]:
        action = action_of.get(token.lemma_.lower()) or action_of.get(token.lower_)
        if action and action not in found:
            found[action] = token
    participles: dict[str, Token] = {}
    for token in ctx.doc[title.start + 1 : sent.end]:
        action = action_of.get(token.lemma_.lower())
        is_participle = token.pos_ in {"VERB", "ADJ"} and "Part" in token.morph.get("VerbForm", [])
        # ", signé en 2023," or right after the title: "accords de coopération signés entre ..."
        placed = token.nbor(-1).text == "," or token.i == title.end
        if action and is_participle and action not in found and placed:
            participles[action] = token
            break
    # "… est entré en vigueur", and "l'entrée en vigueur, le 1er novembre, de l'accord …"
    for token in ctx.doc[max(sent.start, trigger.i - 12) : sent.end]:
        if token.lower_ in words.in_force and "entered_into_force" not in found:
            found["entered_into_force"] = token
    for action in ("signed", "adopted"):
        if action in found and "planned" not in found and _prospective(found[action], words):
            found["planned"] = found.pop(action)  # "devraient adopter", "signeront"
    main = next((a for a in ACTION_PRECEDENCE if a in found), None)
    dates = list(ctx.dates_in(sent))
    results: list[tuple[str, DateMention | None]] = []
    for action, token in participles.items():
        date = _date_after(dates, token)
        if date:
            dates.remove(date)
        if main != action:
            results.append((action, date))
    if main is None and participles:
        main = next(iter(participles))
    if main is not None:
        results.insert(0, (main, dates[0] if dates else None))
    if "implemented" in found and main not in {None, "implemented"}:
        results.append(("implemented", None))  # "la mise en œuvre de l'accord, en vigueur depuis"
    return results


def _next_document(ctx: ArticleContext, conjunction: Token, limit: int, nouns: set[str]) -> bool:
    following = ctx.doc[conjunction.i + 1 : min(limit, conjunction.i + 3)]
    return any(t.lemma_.lower() in nouns or t.lower_ in nouns for t in following)


def _prospective(token: Token, words: AgreementWords) -> bool:
    """A verb in the future or conditional, or under 'devoir'/'pouvoir': not done yet."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    for word in (verb, verb.head, *verb.children):
        if word is not verb and word not in verb.children and word.pos_ not in {"VERB", "AUX"}:
            continue
        if word in verb.children and not word.dep_.startswith("aux"):
            continue
        if "Fut" in word.morph.get("Tense", []) or "Cnd" in word.morph.get("Mood", []):
            return True
        if word.lemma_.lower() in words.modal_verbs and word is not verb:
            return True
    return False


def _ancestors(token: Token) -> list[Token]:
    chain = []
    for _ in range(4):
        if token.head == token:
            break
        token = token.head
        chain.append(token)
    return chain


def _date_after(dates: list[DateMention], token: Token) -> DateMention | None:
    end = token.idx + len(token.text)
    return next((d for d in dates if 0 <= d.start - end <= 6), None)


def _signatories(ctx: ArticleContext, sent: Span, title: Span, words: AgreementWords) -> list[str]:
    """'signé en 2014 par la Côte d'Ivoire, le Ghana, le Togo, le Bénin et le Nigeria'."""
    after = ctx.doc[title.end : sent.end]
    par = next((t for t in after if t.lower_ in words.signatory_prepositions), None)
    if par is None or par.i - title.end > 8:
        return []
    glue = words.signatory_glue
    countries: list[str] = []
    position = par.i + 1
    for mention in ctx.in_span(par.i + 1, sent.end, {"COUNTRY"}):
        if any(t.is_alpha and t.lower_ not in glue for t in ctx.doc[position : mention.start]):
            break  # the list of countries ended
        countries.append(mention.value)
        position = mention.end
    return list(dict.fromkeys(countries)) if len(set(countries)) >= 3 else []


def _told_as_news(sent: Span) -> bool:
    """A signing told in the passé composé or the present, not a pluperfect or a plan."""
    verbs = [t for t in sent if t.pos_ in {"VERB", "AUX"}]
    if not verbs or any(
        "Pqp" in t.morph.get("Tense", []) or "Imp" in t.morph.get("Tense", []) for t in verbs
    ):
        return False
    return not any(
        "Fut" in t.morph.get("Tense", []) or "Cnd" in t.morph.get("Mood", []) for t in verbs
    )


def _fact(
    ctx: ArticleContext,
    sent: Span,
    title: Span,
    action: str,
    date: DateMention | None,
    trigger: Token,
    words: AgreementWords,
) -> Fact:
    named = [
        c for m in ctx.in_span(title.start, title.end, {"COUNTRY", "DEMONYM"}) if (c := m.value)
    ]
    parties = list(dict.fromkeys(named)) if len(set(named)) >= 2 else list(ctx.pair)
    signatories = _signatories(ctx, sent, title, words)
    if len(signatories) > len(parties):
        parties = signatories
    if len(set(named)) == 1 and named[0] not in parties:
        parties = list(dict.fromkeys([*named, *ctx.pair]))[:2]
    when = date.value if date else None
    if when is None and action in {"signed", "adopted"}:
        if {t.lower_ for t in sent} & words.occasion_words:
            when = month_of(ctx.info.date)
        elif _told_as_news(sent):
            when = ctx.info.date  # "ont signé un accord": the day the article reports
    domains = domains_of(title, ctx.kb)
    if not domains and trigger.lemma_.lower() in words.statement_nouns:
        domains = ["politics"]
    return Fact(
        FACT_TYPE,
        {
            "title": title.text,
            "parties": parties,
            "action": action,
            "date": when,
            "domains": domains,
        },
        ctx.evidence(sent, title.start, title.end),
    )
