"""Meetings: talks, meetings, audiences and calls, with every participant and country."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from bilat import timeline
from bilat.extract.context import Agent, ArticleContext, PersonRef
from bilat.facts.base import Fact
from bilat.kb.lexicon import MeetingsLexicon
from bilat.text import fold

FACT_TYPE = "meeting"
TALKS_OR_MEETING = {"talks", "meeting"}
# Tokens between a title and the name it introduces ("le président kazakh, X").
# Tokens after a meeting noun where the pair's compound may qualify it.
PAIR_COMPOUND_WINDOW = 6
APPOSITION_GAP = 3
# Tokens between two persons of one list ("X, et de son homologue Y").
COORDINATION_GAP = 4
# Words a meeting noun's own modifiers take before 'avec' ("la conférence de presse conjointe").
PARTNER_WINDOW = 4
NOUN_PHRASE_POS = {"ADJ", "ADV", "ADP", "DET", "NOUN"}
# Countries a trilateral meeting needs at least.
MULTILATERAL_MIN = 3


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.meetings
    verb_kinds = {v: kind for kind, verbs in lex.verbs.items() for v in verbs}
    noun_kinds = {n: kind for kind, nouns in lex.nouns.items() for n in nouns}
    call_markers = {fold(w) for w in lex.call_markers}
    arrival_words = {fold(w) for w in lex.arrival_words}
    last_subject: Agent | None = None
    found: list[Fact] = []
    by_sentence: dict[int, list[tuple[Token, str]]] = {}
    for token in ctx.tokens_with_lemma([*verb_kinds, *noun_kinds, *lex.partner_only_nouns]):
        if kind := _trigger_kind(ctx, token, verb_kinds, noun_kinds, lex):
            by_sentence.setdefault(ctx.sentence_of(token.i).start, []).append((token, kind))
    for sent in ctx.sentences:
        triggers = by_sentence.get(sent.start, [])
        if not triggers and not _names_a_person(ctx, sent):
            continue  # no trigger and no subject to remember
        subject: Agent | None = None
        for n, (trigger, kind) in enumerate(triggers):
            end = triggers[n + 1][0].i if n + 1 < len(triggers) else sent.end
            if subject is None and trigger.pos_ == "NOUN":
                subject = _noun_subject(ctx, sent, trigger, end)
            if subject is None:
                subject = _subject(ctx, sent, trigger, last_subject)
            counterpart = _counterparts(ctx, trigger, end, subject, kind)
            if not counterpart:
                both = _reciprocal(ctx, sent, trigger, subject, lex) or _between_roles(
                    ctx, trigger, end, lex
                )
                if both is not None:
                    subject, counterpart = both
            if subject is None or not counterpart:
                continue
            clause = ctx.doc[max(sent.start, trigger.i - 6) : end]
            if any(fold(t.text) in call_markers for t in clause):
                kind = "call"
            elif kind == "meeting" and any(fold(t.lemma_) in arrival_words for t in clause):
                kind = "other"  # "accueilli à l'aéroport par X": a welcome, not the talks
            found.extend(_meetings(ctx, sent, trigger, end, kind, subject, counterpart))
        if subject is not None and subject.persons:
            last_subject = subject
        elif any(m.kind == "PERSON" for m in ctx.in_span(sent.start, sent.end)):
            first = _first_person_subject(ctx, sent)
            last_subject = first or last_subject
    found.extend(_sessions(ctx))
    found.extend(_signings(ctx))
    found.extend(_welcomes(ctx))
    found.extend(_multilateral(ctx))
    yield from _merged(found)


def _sessions(ctx: ArticleContext) -> Iterator[Fact]:
    """Sessions of the pair's joint bodies ("la Commission mixte … dont la dernière session
    remonte à 2019"): meetings of kind other, without named participants."""
    lex = ctx.lex.meetings
    if len(ctx.pair) != 2 or ctx.multilateral:
        return
    seen: set[str | None] = set()
    nouns = [*lex.session_nouns, *lex.body_meeting_nouns, *lex.pair_session_nouns]
    for token in ctx.tokens_with_lemma(nouns):
        sent = ctx.sentence_of(token.i)
        # "la 7e réunion de haut niveau Chili-Argentine", or a session of a joint body
        if not _pair_compound(ctx, token.i + 1, sent.end) and not _body_session(ctx, token, sent):
            continue
        dates = [d for d in ctx.dates_in(sent) if d.start >= token.idx - 60]
        when = dates[0].value if dates else None
        if when in seen:
            continue
        seen.add(when)
        yield Fact(
            FACT_TYPE,
            {"participants": [], "countries": list(ctx.pair), "kind": "other", "date": when},
            ctx.evidence(sent, token.i, token.i + 1),
        )


def _body_session(ctx: ArticleContext, token: Token, sent: Span) -> bool:
    """A session of the pair's joint body: 'la 46e session de la Commission mixte'; 'la 12e
    réunion du comité mixte', where the body follows the noun and is no known organisation
    ('une réunion du Conseil de sécurité')."""
    lex = ctx.lex.meetings
    bodies = {fold(w) for w in lex.joint_bodies}
    lemma = token.lemma_.lower()
    if lemma in {w.lower() for w in lex.body_meeting_nouns}:
        words = ctx.doc[token.i + 1 : min(sent.end, token.i + 5)]
        orgs = ctx.in_span(words.start, sent.end, {"ORG"})
        return any(
            fold(t.lemma_) in bodies and not any(o.start <= t.i < o.end for o in orgs)
            for t in words
        )
    if lemma in {w.lower() for w in lex.session_nouns}:
        return any(fold(t.lemma_) in bodies for t in sent)
    return False


def _pair_compound(ctx: ArticleContext, start: int, end: int) -> bool:
    """The pair named as one compound opening within a few tokens of ``start`` (and before
    ``end``): 'Chili-Argentine', 'sénégalo-gambiennes' (two countries or nationalities joined by
    a hyphen)."""
    places = ctx.in_span(start, end, {"COUNTRY", "DEMONYM"})
    for first, second in zip(places, places[1:], strict=False):
        if first.start >= start + PAIR_COMPOUND_WINDOW:
            break
        glued = ctx.doc[first.end - 1].text == "-" and second.start == first.end
        joined = glued or ctx.doc[first.end : second.start].text == "-"
        if joined and {first.value, second.value} == set(ctx.pair):
            return True
    return False


def _multilateral(ctx: ArticleContext) -> Iterator[Fact]:
    """'une rencontre trilatérale du Chili, du Pérou et de la Bolivie', 'un sommet
    tripartite – Ghana, Togo, Bénin': one meeting of every country listed."""
    lex = ctx.lex.meetings
    nouns = {n.lower() for words in lex.nouns.values() for n in words} | {
        n.lower() for n in lex.summit_nouns
    }
    for word in ctx.tokens_with_lemma(lex.multilateral_words):
        # the noun it qualifies: its head, else the word just before (a misparsed adjective)
        candidates = [word.head, *word.doc[max(word.sent.start, word.i - 2) : word.i]]
        noun = next((t for t in candidates if t.lemma_.lower() in nouns), None)
        if noun is None:
            continue
        sent = ctx.sentence_of(noun.i)
        countries = [
            m.value
            for m in ctx.in_span(noun.i, sent.end, {"COUNTRY"})
            if m.value in ctx.kb.countries
        ]
        countries = list(dict.fromkeys(countries))
        if len(countries) < MULTILATERAL_MIN:
            continue
        when = ctx.dates_in(sent)
        yield Fact(
            FACT_TYPE,
            {
                "participants": [],
                "countries": countries,
                "kind": "other",
                "date": when[0].value if when else None,
            },
            ctx.evidence(sent, noun.i, noun.i + 1),
        )


def _signings(ctx: ArticleContext) -> Iterator[Fact]:
    """Officials of two countries at one ceremony: signing together ('X et son homologue Y ont
    signé', 'paraphé par X et Y', 'la signature des accords entre X et Y'), attending it
    together ('X et Y ont participé à la cérémonie'), or one speaking or signing in the
    other's presence ('en présence de son homologue Y'). A meeting of kind other with the
    persons named as signatories, guests or witnesses."""
    lex = ctx.lex.meetings
    witnesses = {w.lower() for w in lex.presence_nouns}
    ceremonies = {w.lower() for w in lex.ceremony_nouns}
    verbs = [v for v in ctx.tokens_with_lemma(lex.signing_verbs) if v.pos_ == "VERB"]
    for verb in ctx.tokens_with_lemma(lex.attending_verbs):
        if verb.pos_ == "VERB" and any(c.lemma_.lower() in ceremonies for c in verb.children):
            verbs.append(verb)
    for noun in ctx.tokens_with_lemma(lex.presence_nouns):
        governing = _governing_verb(noun)
        if governing is not None and noun.head.i == governing.i and governing not in verbs:
            verbs.append(governing)
    partners = {fold(w) for w in lex.partner_words}
    for verb in sorted(verbs, key=lambda t: t.i):
        subjects = [c for c in verb.children if c.dep_.startswith("nsubj")]
        spans = [
            (c.left_edge.i, c.right_edge.i + 1)
            for c in verb.children
            if c.dep_.startswith("nsubj")
            or c.dep_ == "obl:agent"
            or c.lemma_ in witnesses
            # "X a signé avec son homologue Y", "signé entre X et Y"
            or (c.dep_.startswith("obl") and any(fold(g.text) in partners for g in c.children))
        ]
        yield from _ceremony(ctx, verb, spans, subjects)
    between = {fold(w) for w in lex.between_words}
    for noun in ctx.tokens_with_lemma(lex.signing_nouns):
        sent = ctx.sentence_of(noun.i)
        after = ctx.doc[noun.i + 1 : min(sent.end, noun.i + 5)]
        word = next((t for t in after if fold(t.text) in between), None)
        if noun.pos_ == "NOUN" and word is not None:
            yield from _ceremony(ctx, noun, [(word.i + 1, noun.right_edge.i + 1)], [])


def _welcomes(ctx: ArticleContext) -> Iterator[Fact]:
    """'une cérémonie de bienvenue pour le président X': the host welcoming a guest of the
    article's pair, a meeting of kind other with the persons named."""
    lex = ctx.lex.meetings
    if len(ctx.pair) != 2:
        return
    welcome = {fold(w) for w in lex.welcome_words}
    for noun in ctx.tokens_with_lemma(lex.ceremony_nouns):
        sent = ctx.sentence_of(noun.i)
        after = ctx.doc[noun.i + 1 : min(sent.end, noun.i + 4)]
        if noun.pos_ != "NOUN" or not any(fold(t.lemma_) in welcome for t in after):
            continue
        people = _joined_people(ctx, noun.i + 1, sent.end)
        countries = list(dict.fromkeys(p.country for p in people if p.country))
        if len(countries) == 1 and countries[0] in ctx.pair:
            countries.append(ctx.other_than(countries[0]) or countries[0])
        if len(set(countries)) < 2:
            continue
        yield _other_meeting(ctx, sent, people, countries, (noun.i, noun.right_edge.i + 1))


def _ceremony(
    ctx: ArticleContext, trigger: Token, spans: list[tuple[int, int]], subjects: list[Token]
) -> Iterator[Fact]:
    """The ceremony of the persons named in ``spans`` (else of the pair's leaders the subject
    names, 'les deux dirigeants ont signé'), when they are of two countries or more."""
    if not spans:
        return
    people: list[PersonRef] = []
    for start, end in sorted(spans):
        # the name in apposition the parser left outside the phrase ("son homologue, X")
        named = ctx.in_span(end, min(len(ctx.doc), end + 1 + APPOSITION_GAP), {"PERSON"})
        if named and all(t.is_punct for t in ctx.doc[end : named[0].start]):
            end = named[0].end
        people.extend(p for p in _joined_people(ctx, start, end) if p not in people)
    if len({p.country for p in people}) < 2 and (
        pair := _pair_role(ctx, subjects, ctx.lex.meetings)
    ):
        agent, others = pair
        people = [*agent.persons, *(p for p, _ in others if p is not None)]
    countries = list(dict.fromkeys(p.country for p in people if p.country))
    if len(countries) < 2:
        return
    sent = ctx.sentence_of(trigger.i)
    where = (min(s for s, _ in spans), max(e for _, e in spans))
    yield _other_meeting(ctx, sent, people, countries, where)


def _other_meeting(
    ctx: ArticleContext,
    sent: Span,
    people: list[PersonRef],
    countries: list[str],
    where: tuple[int, int],
) -> Fact:
    """A welcome or a ceremony of these people: a meeting of kind other, dated by its
    sentence when the sentence tells a month or a day."""
    when = ctx.dates_in(sent)
    return Fact(
        FACT_TYPE,
        {
            "participants": list(dict.fromkeys(p.name for p in people)),
            "countries": countries,
            "kind": "other",
            "date": when[0].value if when and len(when[0].value) > 4 else None,
        },
        ctx.evidence(sent, *where),
    )


def _joined_people(ctx: ArticleContext, start: int, end: int) -> list[PersonRef]:
    """The persons of one coordination in tokens [start, end): 'le ministre X, et son homologue
    Y'; the list ends where a long gap of words does ('..., quelques heures avant un sommet
    avec Z')."""
    found: list[PersonRef] = []
    last_end = None
    mentions = ctx.in_span(start, end, {"PERSON", "TITLE"})
    for n, mention in enumerate(mentions):
        if last_end is not None and mention.start - last_end > COORDINATION_GAP:
            break
        last_end = mention.end
        after = mentions[n + 1] if n + 1 < len(mentions) else None
        if mention.kind == "PERSON":
            ref = ctx.person_of.get(mention.start)
            if ref is not None:
                found.append(ref)
            continue
        if after and after.kind == "PERSON" and after.start - mention.end <= APPOSITION_GAP:
            continue  # "le ministre X": X carries the person
        role, country = ctx.role_at(mention, end)
        if fold(mention.text) in ctx.grammar.counterpart_titles and found:
            # "X et son homologue": the other side's holder of X's office
            country = country or ctx.other_than(found[-1].country)
            role = ctx.resolve_role(found[-1].office or "leader", country) if country else None
        if role is not None and role.country:
            found.append(role)
    return found


def _merged(facts: list[Fact]) -> list[Fact]:
    """One fact per meeting: a fact whose people and countries another fact of the same
    meeting already holds (same countries, no other date) adds nothing."""
    kept: list[Fact] = []
    # The fullest facts first, dated before undated: an undated mention joins a dated one.
    for fact in sorted(
        facts, key=lambda f: (-len(f.fields["participants"]), f.fields["date"] is None)
    ):
        people = set(fact.fields["participants"])
        countries = set(fact.fields["countries"])
        date = fact.fields["date"]
        if any(
            set(k.fields["countries"]) == countries
            and (
                _same_kind(k.fields["kind"], fact.fields["kind"])
                or (
                    date is None
                    and fact.fields["kind"] in TALKS_OR_MEETING
                    and k.fields["kind"] == "call"
                )
            )
            and people <= set(k.fields["participants"])
            and (bool(people) or not k.fields["participants"] or fact.fields["kind"] != "other")
            and (date is None or k.fields["date"] is None or _near(k.fields["date"], date))
            for k in kept
        ):
            continue
        kept.append(fact)
    order = {id(f): n for n, f in enumerate(facts)}
    return sorted(kept, key=lambda f: order[id(f)])


def _same_kind(a: str, b: str) -> bool:
    """Talks and a meeting of the same people are one occasion told twice ('ont tenu une
    réunion', 'leurs entretiens'); a call or a ceremony is another, unless the talks are
    told undated, as a mention of the call already reported ('au cours de l'entretien')."""
    return a == b or {a, b} <= TALKS_OR_MEETING


def _near(a: str, b: str) -> bool:
    """Two dates of one occasion: equal, or a day apart ('arrivé dimanche, reçu lundi')."""
    return a == b or (len(a) == len(b) == 10 and timeline.agree(a, b, 1))


def _reciprocal(
    ctx: ArticleContext, sent: Span, trigger: Token, subject: Agent | None, lex: MeetingsLexicon
) -> tuple[Agent, list[tuple[PersonRef | None, str | None]]] | None:
    """'X et Y se sont rencontrés', 'les deux dirigeants se sont entretenus': both sides
    are the subject, and the verb has no object."""
    if trigger.lemma_.lower() not in lex.reciprocal and trigger.pos_ != "NOUN":
        return None
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    relative = _relative_verb(trigger, lex) if trigger.pos_ == "NOUN" else None
    if relative is not None:
        # "le tête-à-tête que les deux présidents ont eu": the relative clause's subject
        words = [c for c in relative.children if c.dep_.startswith("nsubj")]
        persons = [
            ctx.person_of[m.start]
            for w in words
            for m in ctx.in_span(w.left_edge.i, w.right_edge.i + 1, {"PERSON"})
            if m.start in ctx.person_of
        ]
        if len({p.country for p in persons if p.country}) >= 2:
            return Agent(persons[:1], [c for c in [persons[0].country] if c]), [
                (p, p.country) for p in persons[1:] if p.country != persons[0].country
            ]
        if (pair := _pair_role(ctx, words, lex)) is not None:
            return pair
        # "la réunion, qui s'est tenue hier": the clause around the noun names the sides
    persons = [
        ctx.person_of[m.start]
        for m in ctx.in_span(sent.start, verb.i, {"PERSON"})
        if m.start in ctx.person_of and not _inside_prepositional(ctx, m.start, lex)
    ]
    countries = list(dict.fromkeys(p.country for p in persons if p.country))
    if len(countries) >= 2:
        first = [p for p in persons if p.country == countries[0]]
        others: list[tuple[PersonRef | None, str | None]] = [
            (p, p.country) for p in persons if p.country != countries[0]
        ]
        return Agent(first, [countries[0]]), others
    subject_words = [t for t in ctx.doc[sent.start : verb.i] if t.dep_.startswith("nsubj")]
    governing = _governing_verb(trigger) if trigger.pos_ == "NOUN" else None
    if governing is not None:
        # "Au cours de leur entretien mardi, les deux chefs de gouvernement ont ...": the
        # clause's subject
        subject_words += [c for c in governing.children if c.dep_.startswith("nsubj")]
    return _pair_role(ctx, subject_words, lex)


def _relative_verb(noun: Token, lex: MeetingsLexicon) -> Token | None:
    """The verb of a relative clause on a meeting noun ('l'entretien que X a eu avec Y')."""
    for child in noun.children:
        if child.dep_ == "acl:relcl":
            return child
    for after in noun.doc[noun.i + 1 : min(noun.sent.end, noun.i + 3)]:
        if after.lower_ in lex.relative_pronouns and after.head.pos_ == "VERB":
            return after.head
        if not after.is_punct:  # "la réunion, qui ...": a comma may come first
            return None
    return None


def _pair_role(
    ctx: ArticleContext, subject_words: list[Token], lex: MeetingsLexicon
) -> tuple[Agent, list[tuple[PersonRef | None, str | None]]] | None:
    """'les deux dirigeants', 'les deux Premiers ministres' as a subject: the pair's holders
    of that office, one side as the subject and the other as its counterpart."""
    for word in subject_words:
        office = lex.pair_roles.get(word.lower_)
        for child in word.children:  # "les deux Premiers ministres"
            if child.lower_ in lex.pair_role_modifiers:
                office = lex.pair_role_modifiers[child.lower_]
                break
        if office and len(ctx.pair) == 2 and _is_pair_phrase(ctx, word, lex):
            a, b = ctx.pair
            ref_a, ref_b = ctx.resolve_role(office, a), ctx.resolve_role(office, b)
            return Agent([ref_a] if ref_a else [], [a]), [(ref_b, b)]
    return None


def _between_roles(
    ctx: ArticleContext, noun: Token, end: int, lex: MeetingsLexicon
) -> tuple[Agent, list[tuple[PersonRef | None, str | None]]] | None:
    """'les échanges entre les deux présidents': a meeting noun whose participants are the
    pair's holders of an office, named after 'entre'."""
    partner = _partner_word(noun, lex) if noun.pos_ == "NOUN" else None
    if partner is None or fold(partner.text) not in {fold(w) for w in lex.between_words}:
        return None
    return _pair_role(ctx, list(ctx.doc[partner.i + 1 : end]), lex)


def _is_pair_phrase(ctx: ArticleContext, word: Token, lex: MeetingsLexicon) -> bool:
    """'les deux dirigeants', 'les dirigeants des deux pays': a plural role for both sides."""
    around = ctx.doc[max(word.sent.start, word.i - 2) : min(word.sent.end, word.i + 4)]
    return any(t.lower_ in lex.pair_numerals for t in around) or ctx.refers_to_pair(around)


def _names_a_person(ctx: ArticleContext, sent: Span) -> bool:
    return bool(ctx.in_span(sent.start, sent.end, {"PERSON"}))


def _trigger_kind(
    ctx: ArticleContext,
    token: Token,
    verbs: dict[str, str],
    nouns: dict[str, str],
    lex: MeetingsLexicon,
) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} and lemma in verbs:
        return str(verbs[lemma])
    if token.pos_ == "NOUN" and lemma in lex.partner_only_nouns:
        # "une conférence de presse conjointe avec X", "des échanges avec son homologue": a
        # meeting only with a person or an office named as its partner ("les échanges
        # commerciaux entre les deux pays" are trade)
        partner = _partner_word(token, lex)
        if partner is None or (token.i > 0 and token.nbor(-1).text == "-"):
            return None
        stop = min(token.sent.end, partner.i + 6)
        named = ctx.in_span(partner.i + 1, stop, {"PERSON", "TITLE"})
        roles = any(t.lower_ in lex.pair_roles for t in token.doc[partner.i + 1 : stop])
        return "other" if named or roles else None
    if token.pos_ != "NOUN" or lemma not in nouns:
        return None
    if any(c.dep_ == "det" and c.lower_ in lex.anaphoric_determiners for c in token.children):
        return None  # "au terme de cet entretien": the meeting told before, told again
    # The nouns a support verb governs: the dependency matcher runs on the first meeting noun.
    if _supported(token, ctx.matched("meetings.held_noun", "noun"), lex):
        following = token.doc[token.i + 1 : min(token.sent.end, token.i + 3)]
        if nouns[lemma] == "other" and any(t.lemma_.lower() in nouns for t in following):
            return None  # "une séance de pourparlers": the noun after tells the kind
        return str(nouns[lemma])
    return None


def _supported(noun: Token, held: frozenset[int], lex: MeetingsLexicon) -> bool:
    """'a eu un entretien', 'lors d'un entretien', 'à l'issue de pourparlers': a meeting held,
    not one only named ('l'entretien de presse'). ``held``: the nouns a support verb governs,
    found by the dependency matcher; the words just before the noun are read here."""
    support = set(lex.support_verbs)
    if noun.i in held:  # the support verb governs the noun (the pack's meetings.held_noun)
        return True
    before = noun.doc[max(noun.sent.start, noun.i - 5) : noun.i]
    if any(t.lemma_ in support and t.pos_ in {"VERB", "AUX"} for t in before):
        return True
    frames = {fold(w) for w in lex.noun_frames}
    if any(fold(t.text) in frames for t in before[-4:]):
        return True
    # "la réunion, qui s'est tenue hier", "le briefing tenu lundi": the support verb after
    after = [c for c in noun.children if c.dep_ == "acl"]
    relative = _relative_verb(noun, lex)
    if any(v.lemma_ in support for v in [*after, *([relative] if relative else [])]):
        return True
    return _partner_word(noun, lex) is not None


def _partner_word(noun: Token, lex: MeetingsLexicon) -> Token | None:
    """'avec' or 'entre' right after a meeting noun (past its adjectives): 'l'entretien
    bilatéral avec X', 'la rencontre entre X et Y' name the meeting's participants."""
    partners = {fold(w) for w in lex.partner_words}
    for token in noun.doc[noun.i + 1 : min(noun.sent.end, noun.i + 1 + PARTNER_WINDOW)]:
        if fold(token.text) in partners:
            return token
        if token.pos_ not in NOUN_PHRASE_POS:  # "la conférence de presse conjointe avec"
            return None
    return None


def _noun_subject(ctx: ArticleContext, sent: Span, noun: Token, end: int) -> Agent | None:
    """Who holds a meeting named by a noun: the first named after 'entre' ('la rencontre
    entre X et Y'), else the subject of the clause the noun sits in ('Lors de l'entretien
    avec Y, le Premier ministre X a dit')."""
    lex = ctx.lex.meetings
    partner = _partner_word(noun, lex)
    if partner is not None and fold(partner.text) in {fold(w) for w in lex.between_words}:
        return _named_agent(ctx, partner.i + 1, end)
    verb = _governing_verb(noun)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_.startswith("nsubj") and not (child.i < noun.i < child.right_edge.i):
            agent = _named_agent(ctx, child.left_edge.i, child.right_edge.i + 1)
            if agent is not None:
                return agent
    return None


def _named_agent(ctx: ArticleContext, start: int, end: int) -> Agent | None:
    """The first person, or titled role, named in tokens [start, end)."""
    mentions = ctx.in_span(start, end, {"PERSON", "TITLE"})
    for n, mention in enumerate(mentions):
        after = mentions[n + 1] if n + 1 < len(mentions) else None
        if (
            mention.kind == "TITLE"
            and after
            and after.kind == "PERSON"
            and after.start - mention.end <= APPOSITION_GAP
        ):
            continue  # "le Premier ministre X": X carries the person
        agent = ctx.agent_between(mention.start, min(end, mention.end + 6), nearest="first")
        if agent and agent.persons:
            return agent
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose clause holds a noun: its head, or the head's head, up to the root."""
    token = noun
    for _ in range(4):
        if token.head.i == token.i:
            return token if token.pos_ in {"VERB", "AUX"} else None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return None


def _subject(ctx: ArticleContext, sent: Span, trigger: Token, last: Agent | None) -> Agent | None:
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    lex = ctx.lex.meetings
    before = ctx.in_span(sent.start, verb.i, {"PERSON", "TITLE"})
    for mention in reversed(before):
        if _inside_prepositional(ctx, mention.start, lex):
            continue
        agent = ctx.agent_between(mention.start, min(verb.i, mention.end + 6), nearest="first")
        if agent and (agent.persons or agent.countries):
            return agent
        office = ctx.doc[mention.start]
        if (
            mention.kind == "TITLE"
            and office.dep_ == "nsubj"
            and office.head in {verb, verb.head}
            and _named_counterpart_at_home(ctx, sent, verb)
        ):
            # "le chef de l'État a rencontré son homologue italien X": an office of no
            # country told, the side its named counterpart is not on
            return Agent([], [])
    pronoun = next((t for t in ctx.doc[sent.start : verb.i] if t.dep_.startswith("nsubj")), None)
    references = ctx.lex.references
    if pronoun is not None and pronoun.lower_ in references.person_pronouns:
        return last
    if ctx.refers_to_pair(ctx.doc[sent.start : verb.i]) or (
        pronoun is not None and pronoun.lemma_.lower() in references.pair_subjects
    ):
        return Agent([], list(ctx.pair))
    return None


def _named_counterpart_at_home(ctx: ArticleContext, sent: Span, verb: Token) -> bool:
    """A person named after the verb, in a sentence placing nothing outside the article's
    pair ("À Rome, la présidente du Conseil a rencontré…" in an article on two others)."""
    named = ctx.in_span(verb.i + 1, sent.end, {"PERSON"})
    places = ctx.in_span(sent.start, sent.end, {"COUNTRY", "CAPITAL", "CITY"})
    return bool(named) and all(m.value in ctx.pair for m in places)


def _inside_prepositional(ctx: ArticleContext, index: int, lex: MeetingsLexicon) -> bool:
    """A name after 'avec', 'invitation de', 'selon': not the subject, unless the parser
    makes it one ('Selon le communiqué, le ministre X rencontrera ...')."""
    head = ctx.doc[index : min(len(ctx.doc), index + 2)]
    if any(t.dep_.startswith("nsubj") for t in head):
        return False
    window = ctx.doc[max(0, index - 8) : index]
    words = {t.lower_ for t in window}
    return bool(words & set(lex.not_subject_words))


def _first_person_subject(ctx: ArticleContext, sent: Span) -> Agent | None:
    for mention in ctx.in_span(sent.start, sent.end, {"PERSON"}):
        if not _inside_prepositional(ctx, mention.start, ctx.lex.meetings):
            ref = ctx.person_of.get(mention.start)
            if ref:
                return Agent([ref], [ref.country] if ref.country else [])
    return None


def _counterparts(
    ctx: ArticleContext, trigger: Token, end: int, subject: Agent | None, kind: str
) -> list[tuple[PersonRef | None, str | None]]:
    """Who the subject met: persons named after the trigger, else roles, else nationalities."""
    found: list[tuple[PersonRef | None, str | None]] = []
    mentions = ctx.in_span(trigger.i + 1, end)
    subject_names = {p.name for p in subject.persons} if subject else set()
    consumed_until = -1
    demonyms: list[str] = []
    lex = ctx.lex.meetings
    proxies = {fold(w) for w in lex.proxy_words}
    for mention in mentions:
        if mention.start < consumed_until:
            continue
        if mention.kind in {"PERSON", "TITLE"} and _stands_for(
            ctx, mention.start, trigger, proxies
        ):
            # "l'émissaire du président X": X is not at the meeting, nor the name after it
            consumed_until = mention.end + 6 if mention.kind == "TITLE" else consumed_until
            continue
        if mention.kind == "PERSON" and mention.start in ctx.person_of:
            ref = ctx.person_of[mention.start]
            if ref.name not in subject_names:
                found.append((ref, ref.country))
        elif mention.kind == "TITLE":
            following = ctx.in_span(mention.end, min(end, mention.end + 12), {"PERSON", "TITLE"})
            if following and following[0].kind == "PERSON":
                continue  # the name that follows carries the person
            role, country = ctx.role_at(mention, end)
            counterpart = fold(mention.text) in ctx.grammar.counterpart_titles
            if counterpart and subject is not None and country is None:
                country = ctx.other_than(subject.countries[0] if subject.countries else None)
                role = None
            if counterpart and subject is not None and country:
                # "son homologue": the other side's holder of the subject's own office
                office = next((p.office for p in subject.persons if p.office), "leader")
                role = ctx.resolve_role(office, country) or role
            if role or country:
                found.append((role, country or (role.country if role else None)))
                consumed_until = mention.end + 6
        elif mention.kind == "DEMONYM" and ctx.doc[mention.start].head.lemma_.lower() in {
            w.lower() for w in lex.party_nouns
        }:
            demonyms.append(mention.value)
    if not found and demonyms and kind in {"talks", "call"}:
        found.append((None, demonyms[0]))  # "avec une délégation ouzbèke"
    return found


def _stands_for(ctx: ArticleContext, start: int, trigger: Token, proxies: set[str]) -> bool:
    """A person named as the sender of whoever came ('émissaire du président X', 'porteur
    d'un message du roi Y'): the proxy word sits just before the name or its title."""
    window = ctx.doc[max(trigger.i + 1, start - 4) : start]
    return any(fold(t.text) in proxies for t in window)


def _meetings(
    ctx: ArticleContext,
    sent: Span,
    trigger: Token,
    end: int,
    kind: str,
    subject: Agent,
    counterparts: list[tuple[PersonRef | None, str | None]],
) -> Iterator[Fact]:
    for person, country in counterparts:
        subject_countries = [c for c in subject.countries if c]
        if country is None and len(subject_countries) == 1 and len(ctx.pair) == 2:
            # A name with a title and no country, met by one side of the article's pair.
            if person is None or not (person.office or person.titles):
                continue  # a bare name without country may be a place or a body
            country = ctx.other_than(subject_countries[0])
        if not subject_countries and country in ctx.pair:
            # An official without a country meeting one side of the pair: the other side.
            subject_countries = [c for c in [ctx.other_than(country)] if c]
        countries = list(dict.fromkeys([*subject_countries, *([country] if country else [])]))
        if len(countries) < 2:
            continue
        participants = [p.name for p in subject.persons] + ([person.name] if person else [])
        when = ctx.dates_in(sent)
        yield Fact(
            FACT_TYPE,
            {
                "participants": list(dict.fromkeys(participants)),
                "countries": countries,
                "kind": kind,
                "date": when[0].value if when and len(when[0].value) > 4 else None,
            },
            ctx.evidence(sent, trigger.i, end),
        )
