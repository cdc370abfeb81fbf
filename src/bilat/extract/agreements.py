"""Agreements: treaties, accords, declarations, memoranda, plans; what was done with them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from bilat.extract.context import ArticleContext, Mention, future_form
from bilat.extract.dates import DateMention, month_of
from bilat.extract.domains import domains_of
from bilat.facts.base import Fact
from bilat.kb.lexicon import AgreementsLexicon
from bilat.kb.model import KnowledgeBase
from bilat.text import fold, title_words

FACT_TYPE = "agreement"
# Which action wins when several words apply ("envisager la signature" is planned).
ACTION_PRECEDENCE = ("planned", "entered_into_force", "implemented", "signed", "adopted")
# What is told of a bundle of documents ("36 accords ont été signés"): only its signing.
BUNDLE_ACTIONS = frozenset({"signed", "planned", "adopted"})


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
    bundle_words: frozenset[str]  # "plusieurs accords": a bundle
    count_nouns: frozenset[str]  # "un certain nombre d'accords"
    item_markers: tuple[str, ...]
    item_stops: frozenset[str]
    signing_nouns: frozenset[str]  # "signature", "adoption"
    anaphoric: frozenset[str]  # "lesdits accords"
    domestic: frozenset[str]  # "accord de coalition"
    signed_only: frozenset[str]  # "un partenariat stratégique a été signé"
    anniversary: frozenset[str]
    distributive: frozenset[str]  # "respectivement"
    future_suffixes: tuple[str, ...]


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
        bundle_words=frozenset(lex.bundle_words),
        count_nouns=frozenset((*lex.count_nouns, *lex.count_quantifiers)),
        item_markers=tuple(lex.item_markers),
        item_stops=frozenset(lex.item_stops),
        future_suffixes=tuple(grammar.future_suffixes),
        anaphoric=frozenset(lex.anaphoric_determiners),
        domestic=frozenset(lex.domestic_words),
        signed_only=frozenset(lex.signed_only_nouns),
        anniversary=frozenset(lex.anniversary_words),
        distributive=frozenset(lex.distributive_words),
        signing_nouns=frozenset(
            w for action in ("signed", "adopted") for w in lex.actions.get(action, ())
        ),
    )


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.agreements
    words: AgreementWords = ctx.kb.compiled("agreement_words", _agreement_words)
    action_of = {w: action for action, verbs in lex.actions.items() for w in verbs}
    seen: set[tuple[str, str]] = set()
    nouns = {fold(n) for n in lex.nouns}
    found: list[tuple[Fact, bool]] = []  # each fact, and whether it is a bundle

    read: set[int] = set()  # the sentences where a document was read

    def add(fact: Fact, bundle: bool = False) -> None:
        key = (fold(fact.fields["title"]), fact.fields["action"])
        if key not in seen:
            seen.add(key)
            found.append((fact, bundle))

    listed: set[int] = set()  # tokens of list items read as documents
    for item, introducer in _list_items(ctx, words):
        document = _item_document(ctx, item, lex, words, nouns)
        if document is None:
            continue
        title, trigger = document
        actions = _introduced_actions(ctx, introducer, title, action_of, words)
        if not actions:
            continue
        listed.update(range(item.start, item.end))
        sent = ctx.sentence_of(item.start)
        for action, date in actions:
            add(_fact(ctx, sent, title, action, date, trigger, words, dated_by=introducer))

    candidates = ctx.tokens_with_lemma(lex.nouns)
    covered = -1  # a trigger inside a title already read ("accord d'exemption de visa")
    signing: dict[int, DateMention | None] = {}  # sentence start -> date of a signing told there
    told: tuple[int, list[tuple[str, DateMention | None]]] = (-1, [])  # last title's end, actions
    for trigger in candidates:
        sent = ctx.sentence_of(trigger.i)
        if _is_signing(ctx, sent, trigger, action_of):
            signing.setdefault(sent.start, _first(ctx.dates_in(sent)))
        if trigger.i < covered or trigger.i in listed:
            continue
        if trigger.i > sent.start and ctx.doc[trigger.i - 1].lower_ in words.anaphoric:
            continue  # "lesdits accords": the documents already told
        bundle = _bundle(ctx, sent, trigger, lex, words)
        if bundle is not None:
            covered = max(covered, bundle.end)
            actions = [
                (action, date)
                for action, date in _actions(ctx, sent, trigger, bundle, action_of, words)
                if action in BUNDLE_ACTIONS
            ] or _told_before(ctx, sent, bundle.start, told)
            shared = _distributed(ctx, sent, trigger, bundle, words)
            if shared is not None:
                prefix, parts = shared
                covered = max(covered, parts[-1].end)
                told = (parts[-1].end, actions)
                for action, date in actions:
                    for part in parts:
                        name = f"{prefix} {part.text}"
                        add(_fact(ctx, sent, part, action, date, trigger, words, name=name))
                continue
            told = (bundle.end, actions)
            for action, date in actions:
                # "Parmi eux figurent A, B et plusieurs protocoles …": an item, not a tally
                add(_fact(ctx, sent, bundle, action, date, trigger, words), sent.start not in read)
            continue
        if not _is_trigger(ctx, trigger, lex, words):
            continue
        for title, _anchor in _titles(ctx, sent, trigger, words, nouns):
            covered = max(covered, title.end)
            if _names_an_organisation(ctx, title):
                continue  # "la Convention des Nations unies sur le droit de la mer"
            if any(t.lower_ in words.domestic for t in title):
                continue  # "un accord de coalition": one country's politics
            actions = _actions(ctx, sent, trigger, title, action_of, words)
            if not actions:
                actions = _told_before(ctx, sent, title.start, told)
            if not actions:
                actions = _listed_after_signing(ctx, sent, signing, lex)
            if trigger.lemma_.lower() in words.signed_only:
                actions = [(a, d) for a, d in actions if a == "signed"]
            elif not actions and _anniversary_of(ctx, sent, trigger, words):
                actions = [("signed", None)]  # "le 20e anniversaire du traité de …"
            told = (title.end, actions)
            for action, date in actions:
                add(_fact(ctx, sent, title, action, date, trigger, words))
                read.add(sent.start)
    yield from _without_repeats(found, month_of(ctx.info.date))


# What may stand between two documents of one enumeration (", ainsi que de deux accords").
ENUMERATION_GLUE = frozenset({"PUNCT", "CCONJ", "DET", "NUM", "ADP", "ADV", "SCONJ", "SPACE"})


def _told_before(
    ctx: ArticleContext,
    sent: Span,
    start: int,
    told: tuple[int, list[tuple[str, DateMention | None]]],
) -> list[tuple[str, DateMention | None]]:
    """The actions of the document just before, in the same enumeration: 'la signature de
    cinq mémorandums sur …, ainsi que de deux accords sur …'."""
    end, actions = told
    if end < sent.start or end > start or start - end > 5:
        return []
    between = ctx.doc[end:start]
    return actions if all(t.pos_ in ENUMERATION_GLUE for t in between) else []


def _anniversary_of(ctx: ArticleContext, sent: Span, trigger: Token, words: AgreementWords) -> bool:
    """'le 20e anniversaire du traité': the document's anniversary, right before it."""
    before = ctx.doc[max(sent.start, trigger.i - 4) : trigger.i]
    return any(t.lemma_.lower() in words.anniversary for t in before)


def _without_repeats(found: list[tuple[Fact, bool]], month: str | None) -> list[Fact]:
    """The facts less the repeats: a bundle whose documents the article lists one by one
    ("36 accords ont été signés, dont: 1. ..., 2. ..."), and a document named again in
    fewer words ("la déclaration commune" after "une déclaration commune visant à ...")."""
    singles = [fact for fact, bundle in found if not bundle]
    bundles = [fact for fact, bundle in found if bundle]
    kept: list[Fact] = []
    for fact, bundle in found:
        action = fact.fields["action"]
        same = [f for f in singles if f is not fact and f.fields["action"] == action]
        if bundle and len(same) >= 2:
            continue
        if bundle and any(_told_better(fact, other, bundles, month) for other in bundles):
            # A headline's bundle the body tells again ("5 accords signés" … "Cinq accords
            # ont été signés hier"): one signing, kept where it is dated best.
            continue
        words = title_words(fact.fields["title"])
        parties = set(fact.fields["parties"])
        if not bundle and any(
            set(f.fields["parties"]) == parties and words < title_words(f.fields["title"])
            for f in same
        ):
            continue
        kept.append(fact)
    return kept


def _told_better(fact: Fact, other: Fact, bundles: list[Fact], month: str | None) -> bool:
    """Whether ``other`` tells the signing of the bundle ``fact`` with a more precise date, or
    as precise and later in the article."""
    if other is fact or not _same_signing(fact, other, month):
        return False
    precision = [len(str(f.fields.get("date") or "")) for f in (fact, other)]
    later = bundles.index(other) > bundles.index(fact)
    return precision[1] > precision[0] or (precision[1] == precision[0] and later)


def _same_signing(a: Fact, b: Fact, month: str | None) -> bool:
    """Two bundles of one signing: same parties and action, dates that agree; an undated one
    (a headline) is the signing of the document's month."""
    if (
        set(a.fields["parties"]) != set(b.fields["parties"])
        or a.fields["action"] != b.fields["action"]
    ):
        return False
    dates = [str(f.fields.get("date") or month or "") for f in (a, b)]
    n = min(map(len, dates))
    return dates[0][:n] == dates[1][:n]


def _is_marker(token: Token, words: AgreementWords) -> bool:
    """'-', '•', or a marker glued to the item's first word ('-Un accord')."""
    text = token.text
    return text[:1] in words.item_markers and (len(text) == 1 or text[1:2].isalpha())


def _is_number_line(tokens: list[Token]) -> bool:
    """'1.', '2)': a line that only numbers the item after it."""
    return any(t.like_num for t in tokens) and all(t.like_num or t.text in ".)" for t in tokens)


def _list_items(ctx: ArticleContext, words: AgreementWords) -> list[tuple[Span, Span]]:
    """The items of the article's lists (dashed, bulleted or numbered), each with the sentence
    that introduces its list ("Les documents suivants ont été signés :")."""
    items: list[tuple[Span, Span]] = []
    previous: Span | None = None  # the last sentence that is not an item
    introducer: Span | None = None
    numbered = False
    for sent in ctx.sentences:
        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            continue
        if _is_number_line(tokens):
            numbered = True
            continue
        first = tokens[0]
        glued_number = first.like_num and len(tokens) > 1 and tokens[1].text in ".)"
        if not (numbered or glued_number or _is_marker(first, words)):
            previous, introducer, numbered = sent, None, False
            continue
        numbered = False
        if introducer is None:
            introducer = previous
        if introducer is not None:
            items.extend((item, introducer) for item in _split_items(ctx, tokens, words))
    return items


def _split_items(ctx: ArticleContext, tokens: list[Token], words: AgreementWords) -> list[Span]:
    """A sentence of items run together ("-Un accord ... -Un mémorandum ..."), item by item."""
    cuts = [tokens[0].i]
    for token in tokens[1:]:
        before = ctx.doc[token.i - 1]
        if not (before.whitespace_ or before.is_space) or not _is_marker(token, words):
            continue
        following = ctx.doc[token.i + 1] if token.i + 1 < len(ctx.doc) else None
        glued = len(token.text) > 1
        if glued or (following is not None and following.text[:1].isupper()):
            cuts.append(token.i)
    ends = [*cuts[1:], tokens[-1].i + 1]
    return [ctx.doc[start:end] for start, end in zip(cuts, ends, strict=True)]


def _opens_item(token: Token, words: AgreementWords, first: bool) -> bool:
    """What precedes an item's first word: its marker, number and determiner."""
    text = token.lower_
    if token.is_space or text in words.determiners or text in ".)":
        return True
    if first and token.like_num:
        return True
    if _is_marker(token, words):
        return len(text) == 1 or text[1:] in words.determiners
    return False


def _item_document(
    ctx: ArticleContext,
    item: Span,
    lex: AgreementsLexicon,
    words: AgreementWords,
    nouns: set[str],
) -> tuple[Span, Token] | None:
    """The document an item names ("- Un accord de jumelage entre ..."): the item's words up
    to its end, when they open with a document noun."""
    tokens = list(item)
    k = 0
    while k < len(tokens) and _opens_item(tokens[k], words, k == 0):
        k += 1
    head = next(
        (t for t in tokens[k : k + 3] if fold(t.lemma_) in nouns or fold(t.lower_) in nouns),
        None,
    )
    if head is None or any(t.pos_ not in {"ADJ", "NUM"} for t in tokens[k : head.i - item.start]):
        return None
    if not _has_modifier(ctx, head, lex):
        return None
    end = next((t.i for t in tokens[k:] if t.text in words.item_stops), item.end)
    while end > head.i + 1 and (ctx.doc[end - 1].is_space or ctx.doc[end - 1].text in ".,;:"):
        end -= 1
    return ctx.doc[tokens[k].i : end], head


def _introduced_actions(
    ctx: ArticleContext,
    introducer: Span,
    title: Span,
    action_of: dict[str, str],
    words: AgreementWords,
) -> list[tuple[str, DateMention | None]]:
    """What the sentence introducing a list tells of its documents ("les documents suivants
    ont été signés :", "la liste des accords qui seront signés le 26 octobre :")."""
    nouns = {fold(n) for n in ctx.lex.agreements.nouns}
    tokens = [t for t in introducer if not t.is_space]
    about_documents = any(fold(t.lemma_) in nouns or fold(t.lower_) in nouns for t in tokens)
    if not tokens or not (about_documents or tokens[-1].text == ":"):
        return []
    for token in tokens:
        action = action_of.get(token.lemma_.lower()) or action_of.get(token.lower_)
        if action not in BUNDLE_ACTIONS:
            continue
        if action != "planned" and _prospective(token, words):
            action = "planned"
        dates = ctx.dates_in(introducer)
        return [(action, dates[0] if dates else None)]
    return []


def _bundle(
    ctx: ArticleContext, sent: Span, trigger: Token, lex: AgreementsLexicon, words: AgreementWords
) -> Span | None:
    """A counted plural ("36 nouveaux accords de coopération", "une dizaine d'accords
    bilatéraux", "plusieurs accords économiques"): the bundle's noun phrase."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or "Plur" not in trigger.morph.get("Number", []):
        return None
    if not _has_modifier(ctx, trigger, lex):
        return None
    doc = ctx.doc
    i = trigger.i - 1
    while i > sent.start and doc[i].pos_ == "ADJ" and doc[i].lower_ not in words.bundle_words:
        i -= 1
    if i < sent.start:
        return None
    first: int | None = None
    if doc[i].pos_ == "NUM" or doc[i].like_num or doc[i].lower_ in words.bundle_words:
        first = i
    elif doc[i].lower_ in words.partitives and i - 1 >= sent.start:
        j = i - 1
        while j > sent.start and doc[j].pos_ == "ADJ":
            j -= 1  # "un lot conséquent de documents"
        if doc[j].lemma_.lower() in words.count_nouns or doc[j].lower_ in words.count_nouns:
            first = j
            while first - 1 >= sent.start and doc[first - 1].pos_ == "ADJ":
                first -= 1  # "un certain nombre de"
    if first is None:
        return None
    return doc[first : _bundle_end(ctx, sent, trigger, words)]


def _count_of(ctx: ArticleContext, bundle: Span) -> int | None:
    """The number a bundle opens with ("cinq mémorandums" is 5), if it is one."""
    first = bundle[0]
    if first.text.isdigit():
        return int(first.text)
    values = ctx.kb.compiled(
        "number_words", lambda kb: {fold(k): v for k, v in kb.lexicon.numbers.words.items()}
    )
    value = values.get(fold(first.text))
    return int(value) if value is not None else None


def _distributed(
    ctx: ArticleContext, sent: Span, trigger: Token, bundle: Span, words: AgreementWords
) -> tuple[str, list[Span]] | None:
    """'quatre protocoles sur la coopération dans l'eau, la pêche et l'aquaculture, le sport
    et les transports': one document per complement, when the
    complements are as many as the count. The shared words, and each complement."""
    count = _count_of(ctx, bundle)
    if count is None or count < 2:
        return None
    doc = ctx.doc

    def after(index: int) -> Token | None:
        return doc[index] if index < sent.end else None

    # "portant respectivement sur A, sur B et sur C": the preposition repeated before each
    distributive = any(t.lower_ in words.distributive for t in doc[trigger.i + 1 : sent.end])

    def separator(token: Token) -> int:
        """How many tokens the separator at ``token`` takes (', ', 'et ', ', et ', and the
        repeated preposition of a distributive list), or 0."""
        width = 1 if token.text == "," or token.lower_ in words.additive else 0
        nxt = after(token.i + 1)
        if width and token.text == "," and nxt is not None and nxt.lower_ in words.additive:
            width, nxt = 2, after(token.i + 2)
        if width and distributive and nxt is not None and nxt.pos_ == "ADP":
            width, nxt = width + 1, after(nxt.i + 1)
        return width if width and nxt is not None and nxt.lower_ in words.determiners else 0

    cut = next((t.i for t in doc[trigger.i + 1 : sent.end] if separator(t)), None)
    if cut is None:
        return None
    stretch = doc[trigger.i + 1 : cut]
    preposition = next((t for t in reversed(stretch) if t.pos_ == "ADP"), None)
    if distributive:  # the preposition right after "respectivement", not one inside an item
        word = next((t.i for t in stretch if t.lower_ in words.distributive), None)
        following = doc[word + 1] if word is not None and word + 1 < cut else None
        preposition = following if following is not None and following.pos_ == "ADP" else None
    nouns = {fold(n) for n in ctx.lex.agreements.nouns}
    if (
        preposition is None
        or (not distributive and any(t.pos_ in {"VERB", "AUX"} or t.is_punct for t in stretch))
        or any(fold(t.lemma_) in nouns or fold(t.lower_) in nouns for t in stretch)
    ):
        return None  # "trois accords : un accord sur …, un mémorandum …": a list of its own

    def ends_list(token: Token) -> bool:
        """'… et le tourisme entre le Chili et le Portugal': the complements ended."""
        return token.lower_ in words.signatory_prepositions or token.pos_ in {"VERB", "AUX"}

    parts: list[tuple[int, int, bool]] = []  # start, end, joined to the one before by "et"
    start, joined = preposition.i + 1, False
    while True:
        parts.append((start, cut, joined))
        width = separator(doc[cut]) if cut < sent.end and not ends_list(doc[cut]) else 0
        if not width:
            break
        joined = any(t.lower_ in words.additive for t in doc[cut : cut + width])
        start = cut + width
        cut = next(
            (
                t.i
                for t in doc[start : sent.end]
                if separator(t) or ends_list(t) or t.text in {",", ";", "."}
            ),
            sent.end,
        )
    while len(parts) > count:
        merge = next((k for k in range(1, len(parts)) if parts[k][2]), None)
        if merge is None:
            return None
        parts[merge - 1 : merge + 1] = [(parts[merge - 1][0], parts[merge][1], parts[merge - 1][2])]
    spans = [doc[a:b] for a, b, _ in parts]
    if len(spans) != count or any(not any(t.pos_ in {"NOUN", "PROPN"} for t in p) for p in spans):
        return None
    if distributive:
        # "mémorandums d'entente portant respectivement sur": the documents and the preposition
        end = next(
            (
                t.i
                for t in stretch
                if t.pos_ in {"VERB", "AUX"} or t.is_punct or t.lower_ in words.distributive
            ),
            preposition.i,
        )
        return f"{doc[trigger.i : end].text} {preposition.text}", spans
    return doc[trigger.i : preposition.i + 1].text, spans


def _bundle_end(ctx: ArticleContext, sent: Span, trigger: Token, words: AgreementWords) -> int:
    """Past the bundle's adjectives, its 'de' complement ("de coopération économique") and a
    second kind of document ("accords et conventions")."""
    doc = ctx.doc
    nouns = {fold(n) for n in ctx.lex.agreements.nouns}
    end = trigger.i + 1

    def adjectives(at: int) -> int:
        while at < sent.end and doc[at].pos_ == "ADJ":
            at += 1
        return at

    def complement(at: int) -> int:
        if at + 1 < sent.end and doc[at].lower_ in words.partitives and doc[at + 1].pos_ == "NOUN":
            return adjectives(at + 2)
        return at

    end = complement(adjectives(end))
    # "neuf accords, protocoles et programmes exécutifs": one bundle
    while end + 1 < sent.end and (doc[end].text == "," or doc[end].lower_ in words.additive):
        nxt = doc[end + 1]
        if not (fold(nxt.lemma_) in nouns or fold(nxt.lower_) in nouns):
            break
        end = complement(adjectives(end + 2))
    return end


def _has_modifier(ctx: ArticleContext, token: Token, lex: AgreementsLexicon) -> bool:
    """A noun that names a document only with a modifier has one ("plan d'action")."""
    modifiers = lex.needs_modifier.get(token.lemma_.lower()) or lex.needs_modifier.get(token.lower_)
    if not modifiers:
        return True
    following = {fold(t.lemma_) for t in ctx.doc[token.i + 1 : token.i + 5]}
    following |= {fold(t.lower_) for t in ctx.doc[token.i + 1 : token.i + 5]}
    return bool(following & {fold(m) for m in modifiers})


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
        and (fold(t.lemma_) not in nouns or t.lemma_.lower() in words.signed_only)
        and (fold(t.lower_) not in nouns or t.lower_ in words.signed_only)
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
    and the next document of a list ("… de Sfax et un mémorandum de coopération"); never
    ending on a preposition ("visant à" goes on to its verb: "visant à renforcer …")."""
    subtree = {t.i for t in head.subtree}
    governors = {t.i for t in head.ancestors}
    # "traité sur les relations amicales et le partenariat stratégique": one title
    nouns = set(ctx.lex.agreements.nouns) - words.signed_only
    end = head.i + 1
    skip_to = -1
    for token in ctx.doc[head.i + 1 : limit]:
        if token.i < skip_to:
            end = token.i + 1
            continue
        if token.i in governors:
            break  # "ce traité ressemble à …": the title's verb is not its name
        if token.text == "," and _enumerated_complement(ctx, token, subtree, limit, words):
            continue  # "sur le renforcement de leurs liens, de leur partenariat …"
        if token.text == "(":
            closing = next((t.i for t in ctx.doc[token.i + 1 : token.i + 6] if t.text == ")"), -1)
            if closing > 0 and closing < limit:
                skip_to = closing + 1  # "mémorandum d'entente (MoU) relatif à …"
                end = token.i + 1
                continue
        if token.lower_ in words.coordinators and (
            _next_document(ctx, token, limit, nouns) or _next_signing(ctx, token, limit, words)
        ):
            break
        following = ctx.doc[token.i + 1] if token.i + 1 < limit else None
        if token.pos_ == "ADV" and (
            token.i not in subtree
            or following is None
            or following.pos_ in {"VERB", "AUX", "SCONJ", "PUNCT"}
        ):
            break  # "l'accord précédemment signé", "un accord alors que …"
        if token.text == "«" and token.i == end:
            closing = next((t.i for t in ctx.doc[token.i + 1 : token.i + 8] if t.text == "»"), -1)
            if 0 < closing < limit:
                skip_to = closing + 1  # "la feuille de route « Horizon 2047 »"
                end = token.i + 1
                continue
        infinitive = _infinitive_complement(ctx, token, subtree, head)
        if not infinitive and (
            token.lower_ in words.title_stops
            or (token.i not in subtree and token.pos_ in {"VERB", "AUX", "PRON", "SCONJ"})
        ):
            break
        if not infinitive and (
            token.pos_ == "AUX" or (token.pos_ == "VERB" and not _adjectival(token, words.actions))
        ):
            break
        end = token.i + 1
    return ctx.doc[head.i : _trimmed_end(ctx, head, end, words)]


def _enumerated_complement(
    ctx: ArticleContext, comma: Token, subtree: set[int], limit: int, words: AgreementWords
) -> bool:
    """A comma between complements of the title: ', de leur partenariat' (in the title's
    subtree), not ', signé en 2023' nor ', de nombreux projets'."""
    if comma.i + 2 >= limit:
        return False
    after, then = ctx.doc[comma.i + 1], ctx.doc[comma.i + 2]
    return (
        after.lower_ in words.partitives
        and after.i in subtree
        and then.i in subtree
        and then.lower_ not in words.vague_quantifiers
    )


def _infinitive_complement(
    ctx: ArticleContext, token: Token, subtree: set[int], head: Token
) -> bool:
    """'visant à renforcer', 'visant à les préparer': a verb of the title's own clause."""
    if token.i not in subtree or "Inf" not in token.morph.get("VerbForm", []):
        return False
    before = ctx.doc[max(head.i + 1, token.i - 2) : token.i]
    return any(t.pos_ == "ADP" for t in before)


def _trimmed_end(ctx: ArticleContext, head: Token, end: int, words: AgreementWords) -> int:
    """A title ends on a content word or a number: not on a determiner, a preposition
    ('jusqu''), a conjunction or a dangling 'visant'."""
    trimmed = words.determiners | words.title_end_words
    dangling = {"ADP", "CCONJ", "SCONJ", "DET", "PRON", "PART"}
    while end - 1 > head.i:
        last = ctx.doc[end - 1]
        pairs = {")": "(", "»": "«"}
        if last.text in pairs and any(
            t.text == pairs[last.text] for t in ctx.doc[head.i : end - 1]
        ):
            break  # "(CEPA)", "« Horizon 2047 »"
        present = "Pres" in last.morph.get("Tense", []) and last.pos_ == "VERB"
        if (
            not (any(c.isalpha() for c in last.text) or last.like_num)
            or last.lower_ in trimmed
            or last.pos_ in dangling
            or last.text.endswith(("'", "’"))
            or present
        ):
            end -= 1
            continue
        break
    return end


def _next_signing(
    ctx: ArticleContext, conjunction: Token, limit: int, words: AgreementWords
) -> bool:
    """'la déclaration conjointe et la signature de …': the title ended before 'et'."""
    following = ctx.doc[conjunction.i + 1 : min(limit, conjunction.i + 3)]
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in words.signing_nouns for t in following)


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
    ancestors = _ancestors(trigger)
    # "plusieurs accords vont être signés": the verb's complement tells the action
    complements = [c for a in ancestors[:1] for c in a.children if c.dep_ == "xcomp"]
    before = ctx.doc[max(sent.start, trigger.i - 6) : trigger.i]
    for token in [*ancestors, *complements, *before]:
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
    # "jusqu'en 2030", "pour 2017-2018" in the title: a horizon, not the act's date
    dates = [d for d in ctx.dates_in(sent) if not (title.start_char <= d.start < title.end_char)]
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
    if verb.pos_ not in {"VERB", "AUX"}:
        return False  # "le jour de la signature": no verb of its own tells when
    for word in (verb, verb.head, *verb.children):
        if word is not verb and word not in verb.children and word.pos_ not in {"VERB", "AUX"}:
            continue
        if word in verb.children and not word.dep_.startswith("aux"):
            continue
        if "Fut" in word.morph.get("Tense", []) or "Cnd" in word.morph.get("Mood", []):
            return True
        if future_form(word, words.future_suffixes):
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
    """'signé en 2014 par la Côte d'Ivoire, le Ghana, le Togo, le Bénin et le Nigeria', 'signé
    entre l'UEMOA, le Ghana et le Togo': the states and blocs that signed."""
    after = ctx.doc[title.end : sent.end]
    par = next((t for t in after if t.lower_ in words.signatory_prepositions), None)
    if par is None or par.i - title.end > 8:
        return []
    glue = words.signatory_glue
    parties: list[str] = []
    position = par.i + 1
    for mention in ctx.in_span(par.i + 1, sent.end, {"COUNTRY", "ORG"}):
        between = ctx.doc[position : mention.start]
        depth = 0
        for token in between:
            depth += (token.text == "(") - (token.text == ")")
            if token.is_alpha and token.lower_ not in glue and depth <= 0:
                return _enough(parties)  # the list of signatories ended
        party = _party(ctx, mention)
        if party is None:
            return _enough(parties)
        parties.append(party)
        position = mention.end
    return _enough(parties)


def _party(ctx: ArticleContext, mention: Mention) -> str | None:
    """A country's code, or a bloc's ("CEDEAO" is ECOWAS); not a company or a ministry."""
    if mention.kind == "COUNTRY":
        return mention.value
    org = ctx.kb.organisations.get(mention.value)
    return org.code if org is not None and org.kind in {"organisation", "bloc"} else None


def _enough(parties: list[str]) -> list[str]:
    unique = list(dict.fromkeys(parties))
    return unique if len(unique) >= 2 else []


def _subject_countries(ctx: ArticleContext, trigger: Token) -> list[str]:
    """'la France et la Pologne vont signer un traité': the countries of the verb's subject."""
    verbs = [t for t in _ancestors(trigger) if t.pos_ in {"VERB", "AUX"}][:2]
    subjects = [c for verb in verbs for c in verb.children if c.dep_.startswith("nsubj")]
    if not subjects:
        return []
    subject = subjects[0]
    left, right = subject.left_edge.i, subject.right_edge.i + 1
    return _enough([m.value for m in ctx.in_span(left, right, {"COUNTRY"})])


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
    dated_by: Span | None = None,
    name: str | None = None,
) -> Fact:
    """``dated_by``: the sentence that tells the action (a list's introducer), if not ``sent``;
    ``name``: the document's title when it is not the span's text (a shared complement)."""
    telling = sent if dated_by is None else dated_by
    named = [
        c for m in ctx.in_span(title.start, title.end, {"COUNTRY", "DEMONYM"}) if (c := m.value)
    ]
    parties = list(dict.fromkeys(named)) if len(set(named)) >= 2 else list(ctx.pair)
    signatories = _signatories(ctx, sent, title, words)
    if len(signatories) > len(parties) or (len(set(named)) < 2 and signatories):
        parties = signatories
    elif len(set(named)) < 2:
        parties = _subject_countries(ctx, trigger) or parties
    if len(set(named)) == 1 and named[0] not in parties:
        parties = list(dict.fromkeys([*named, *ctx.pair]))[:2]
    when = date.value if date else None
    if when is None and action in {"signed", "adopted"}:
        if {t.lower_ for t in telling} & words.occasion_words:
            when = month_of(ctx.info.date)
        elif _told_as_news(telling):
            when = ctx.info.date  # "ont signé un accord": the day the article reports
    domains = domains_of(title, ctx.kb)
    if not domains and trigger.lemma_.lower() in words.statement_nouns:
        domains = ["politics"]
    return Fact(
        FACT_TYPE,
        {
            "title": name or title.text,
            "parties": parties,
            "action": action,
            "date": when,
            "domains": domains,
        },
        ctx.evidence(sent, title.start, title.end),
    )
