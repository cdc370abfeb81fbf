"""Visits: who travels where, of what kind, when, and whether it is announced, under way or done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from spacy.tokens import Span, Token

from bilat.extract.context import SITE_KINDS, Agent, ArticleContext, Mention, PersonRef, future_form
from bilat.extract.dates import DateMention, month_of
from bilat.facts.base import Fact
from bilat.facts.compare import same_person
from bilat.kb.lexicon import VisitsLexicon
from bilat.text import fold

FACT_TYPE = "visit"
# A date starting within this many words of its sentence is fronted ("En 2013, il ..."); a
# dateline ("Abidjan, 6 novembre 2024 –") starts later and is the report's date.
FRONTED_TOKENS = 1
# Parts of speech that may separate the items of a list of places ("au Pérou, au Chili et en").
LIST_GLUE = frozenset({"PUNCT", "CCONJ", "DET", "ADP"})
# How far up the parse a place may sit from the verb of the act it locates.
PLACE_HOPS = 2
# A name or title this many words before a token still names it ("son homologue, X,").
APPOSITION_TOKENS = 4
# Day-precise starts this close in one article are days of one visit.
SAME_VISIT_DAYS = 3
# How far (in characters) before a date 'depuis' may open the phrase holding it.
SINCE_REACH = 70


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.visits
    facts: list[Fact] = []
    candidates = ctx.tokens_with_lemma([*lex.nouns, *lex.verbs])
    by_sentence: dict[int, list[Token]] = {}
    for token in candidates:
        if _is_trigger(ctx, token, lex):
            by_sentence.setdefault(ctx.sentence_of(token.i).start, []).append(token)
    for triggers in by_sentence.values():
        sent = ctx.sentence_of(triggers[0].i)
        for n, trigger in enumerate(triggers):
            end = triggers[n + 1].i if n + 1 < len(triggers) else sent.end
            facts.extend(_visits_at(ctx, sent, trigger, end, lex))
    if len(ctx.pair) == 2:
        told = list(facts)
        acts = [*lex.act_verbs, *lex.receive_verbs, *lex.act_nouns]
        for verb in ctx.tokens_with_lemma(acts):
            fact = _implied_visit(ctx, verb, lex)
            if fact is not None and not _host_abroad(fact, told):
                facts.append(fact)
    return iter(_tours_under_way(ctx, _merge_duplicates(facts)))


def _tours_under_way(ctx: ArticleContext, facts: list[Fact]) -> list[Fact]:
    """A tour told by its coming legs ("il se rendra ensuite au Mali et au Sénégal")
    while the article tells its guest on a leg this month: the tour is under way, from that
    leg on."""
    month = month_of(ctx.info.date)
    for tour in facts:
        fields = tour.fields
        if fields["kind"] != "tour" or fields["status"] != "announced" or fields["start"]:
            continue
        legs = [
            v.fields
            for v in facts
            if v.fields["kind"] != "tour"
            and v.fields["guest_country"] == fields["guest_country"]
            and v.fields["host_country"] not in fields["hosts"]
            and v.fields["status"] != "announced"
            and str(v.fields["start"] or "")[:7] == month
        ]
        if legs:
            fields["hosts"] = [*dict.fromkeys(v["host_country"] for v in legs), *fields["hosts"]]
            fields["start"], fields["status"] = legs[0]["start"], "ongoing"
    return facts


def _implied_visit(ctx: ArticleContext, verb: Token, lex: VisitsLexicon) -> Fact | None:
    """An official placed in the other country for an official act ("à Alger, le président
    français a signé", "a reçu au Kremlin son homologue"), or received by the other side's
    official: a visit of kind other, though the text never says visite."""
    lemma = verb.lemma_.lower()
    sent = ctx.sentence_of(verb.i)
    if verb.pos_ == "NOUN" and lemma in lex.act_nouns:
        # Talks named by a noun take the tense of the sentence; a call places no one, nor
        # do talks only commented on ("a salué la rencontre à Dakar").
        calls = {fold(w) for w in ctx.lex.meetings.call_markers}
        if any(fold(t.text) in calls for t in sent) or not _held(verb, ctx):
            return None
        root = sent.root
        status = _implied_status(root) if root.pos_ in {"VERB", "AUX"} else "done"
    else:
        status = _implied_status(verb) if verb.pos_ in {"VERB", "AUX"} else None
    if status is None:
        return None
    # "était à Dakar": the copula hangs on the place, which then holds the subject
    anchor = verb.head if verb.dep_ == "cop" and lemma in lex.presence_verbs else verb
    host = _place_of(ctx, sent, anchor, lex)
    guest: PersonRef | None = None
    if host is not None:
        if lemma in lex.presence_verbs:  # "était à Dakar": only the subject is there
            subject = [c for c in anchor.children if c.dep_.startswith("nsubj")]
            if subject:
                guest = _official_at(ctx, subject[0], host, lex)
            else:  # a parse without subject: the official named first, before the verb
                before = ctx.in_span(sent.start, verb.i, {"PERSON", "TITLE"})
                guest = _official_of(before, host, ctx, lex)
                guest = None if guest is None or guest.country == host else guest
        elif lemma in {*lex.act_verbs, *lex.receive_verbs, *lex.act_nouns}:
            guest = _foreign_official(ctx, sent, host, lex)
    received = host is None
    if host is None and lemma in lex.receive_verbs:  # "X a reçu son homologue Y": Y came
        subject = [c for c in verb.children if c.dep_ == "nsubj"]
        if subject and "Rel" in subject[0].morph.get("PronType", []):
            subject = [verb.head]  # "X, qui recevait son homologue": the antecedent
        objects = [c for c in verb.children if c.dep_ == "obj"]
        receiver = _official_at(ctx, subject[0], None, lex) if subject else None
        if receiver is not None and receiver.country in ctx.pair and objects:
            host = receiver.country
            # "a reçu lundi M. X": the parser may take the day for an object too
            officials = (_official_at(ctx, o, host, lex) for o in objects)
            guest = next((o for o in officials if o is not None), None)
    if host is None or guest is None or guest.country not in ctx.pair:
        return None
    # A year alone dates the act only told before its verb ("En 2019, à Alger, il a signé");
    # after it, it is another thing's ("la candidature à l'exposition de 2030").
    dates = [d for d in ctx.dates_in(sent) if len(d.value) > len("YYYY") or d.start < verb.idx]
    start = dates[0].value[:7] if dates else month_of(ctx.info.date)
    fields = {
        "guest": guest.name or None,
        "guest_country": guest.country,
        "host_country": host,
        "kind": "other",
        "start": start,
        "end": None,
        "status": status,
    }
    extras = {"implied": True, "received": received}
    return Fact(FACT_TYPE, fields, ctx.evidence(sent), extras=extras)


def _legs_ahead(ctx: ArticleContext, trigger: Token, end: int, lex: VisitsLexicon) -> bool:
    """'arrivé à Lima, début d'un périple qui doit le conduire au Chili': the verb
    leading to the legs tells them as to come."""
    for token in ctx.doc[trigger.i + 1 : end]:
        if token.pos_ != "VERB":
            continue
        moods = {m for a in (token, *token.children) for m in a.morph.get("Mood", [])}
        tenses = {t for a in (token, *token.children) for t in a.morph.get("Tense", [])}
        modal = {token.lemma_.lower(), token.head.lemma_.lower()} & set(lex.announce_modals)
        return bool(modal) or bool({"Fut"} & tenses or {"Cnd"} & moods)
    return False


def _host_abroad(fact: Fact, told: list[Fact]) -> bool:
    """'a reçu le ministre qatari' while the article tells the receiver's own visit to Qatar at
    that time: he received his visitor abroad, and no visit is implied."""
    if not fact.extras.get("received"):
        return False
    start = fact.fields["start"] or ""
    return any(
        t.fields["guest_country"] == fact.fields["host_country"]
        and t.fields["host_country"] == fact.fields["guest_country"]
        and (t.fields["start"] or "")[: len(start)] == start
        for t in told
    )


def _implied_status(verb: Token) -> str | None:
    """Done or under way; None for what is only announced or hoped for."""
    aux = [c for c in verb.children if c.dep_.startswith("aux")]
    moods = {*verb.morph.get("Mood", []), *(m for a in aux for m in a.morph.get("Mood", []))}
    tenses = {*verb.morph.get("Tense", []), *(t for a in aux for t in a.morph.get("Tense", []))}
    if "Fut" in tenses or "Cnd" in moods or "Inf" in verb.morph.get("VerbForm", []):
        return None
    return "done" if aux or "Past" in tenses or "Imp" in tenses else "ongoing"


def _place_of(ctx: ArticleContext, sent: Span, verb: Token, lex: VisitsLexicon) -> str | None:
    """The pair's country where the act takes place: 'à Alger' or 'au Kremlin' tied to the verb."""
    articles = ctx.lex.grammar.definite_articles
    for mention in ctx.in_span(sent.start, sent.end, SITE_KINDS):
        if mention.value not in ctx.pair:
            continue
        before = ctx.doc[mention.start - 1] if mention.start > sent.start else None
        if before is not None and before.lower_ in articles and mention.start - 1 > sent.start:
            before = ctx.doc[mention.start - 2]
        if before is None or before.lower_ not in lex.act_place_prepositions:
            continue
        if _fronted(ctx, sent, mention):
            return mention.value  # "À Alger, le président français a signé…": fronted
        head = ctx.doc[mention.start]
        for _ in range(PLACE_HOPS):
            if head.i == verb.i:
                return mention.value
            if head.head.i == head.i:
                break
            head = head.head
        if head.i == verb.i:
            return mention.value
    return None


def _held(noun: Token, ctx: ArticleContext) -> bool:
    """Talks named by a noun as held: under a support verb ("a eu un entretien", "a tenu une
    réunion"), in a frame ("lors de leur entretien"), or as the subject of one ("la réunion
    s'est tenue")."""
    meetings = ctx.lex.meetings
    support = set(meetings.support_verbs)
    head = noun.head
    if head.pos_ in {"VERB", "AUX"} and head.lemma_ in support:
        return True
    before = noun.doc[max(noun.sent.start, noun.i - 4) : noun.i]
    return any(fold(t.text) in {fold(w) for w in meetings.noun_frames} for t in before)


def _fronted(ctx: ArticleContext, sent: Span, mention: Mention) -> bool:
    """A place in the sentence's opening phrase, before its first comma and any verb ("À
    Alger, …", "Le 3 mai à Lima, …"): the place of the whole sentence."""
    comma = next((t.i for t in sent if t.text == ","), None)
    if comma is None or mention.end > comma:
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for t in ctx.doc[sent.start : comma])


def _foreign_official(
    ctx: ArticleContext, sent: Span, host: str, lex: VisitsLexicon
) -> PersonRef | None:
    for mention in ctx.in_span(sent.start, sent.end, {"PERSON", "TITLE"}):
        ref = _official_of([mention], host, ctx, lex)
        if ref is not None and ref.country != host:
            return ref
    return None


def _official_at(
    ctx: ArticleContext, token: Token, host: str | None, lex: VisitsLexicon
) -> PersonRef | None:
    """The official a subject or object names ("le Cheikh X", "son homologue algérien, Y"), if
    of the pair's other country than ``host``."""
    lo, hi = token.left_edge.i, min(token.right_edge.i, token.i + APPOSITION_TOKENS) + 1
    mentions = ctx.in_span(lo, hi, {"PERSON", "TITLE"})
    mentions.sort(key=lambda m: m.kind != "PERSON")  # a name before a title
    ref = _official_of(mentions, host, ctx, lex)
    return None if ref is None or (host is not None and ref.country == host) else ref


def _official_of(
    mentions: list[Mention], host: str | None, ctx: ArticleContext, lex: VisitsLexicon
) -> PersonRef | None:
    """The first official of known country the mentions name; none for a resident office (an
    ambassador lives where he meets)."""
    for mention in mentions:
        ref: PersonRef | None = None
        if mention.kind == "TITLE" and mention.value in lex.resident_offices:
            return None
        if mention.kind == "PERSON":
            ref = ctx.person_of.get(mention.start)
        else:
            sent = ctx.sentence_of(mention.start)
            ref, country = ctx.role_at(mention, sent.end)
            if ref is None and country:
                ref = PersonRef(name="", country=country, office=mention.value)
        if ref is None or not ref.country:
            continue
        if ref.office in lex.resident_offices:
            return None
        return ref
    return None


def _is_trigger(ctx: ArticleContext, token: Token, lex: VisitsLexicon) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma in lex.nouns:
        return True
    # The pack's dependency patterns tell the verb's children (the matcher runs on first use).
    if lemma in lex.reflexive_verbs:  # "se rendre"
        return token.i in ctx.matched("visits.reflexive_verb", "verb")
    if lemma in lex.announce_verbs:  # "est attendu à Alger": passive, with a place after
        return token.i in ctx.matched("visits.passive_verb", "verb")
    return token.pos_ == "VERB" and lemma in lex.verbs


def _visits_at(
    ctx: ArticleContext, sent: Span, trigger: Token, end: int, lex: VisitsLexicon
) -> list[Fact]:
    invited_end = _invitation_end(ctx, sent, lex)
    hosts = _hosts(ctx, trigger.i + 1, end, lex, invited_end) or _antecedent_hosts(ctx, trigger)
    kind = _kind(ctx, trigger, lex)
    # "une tournée au Pérou et en Bolivie", "ira au Chili, en Uruguay et au Paraguay"
    is_tour = len(hosts) >= 2
    if is_tour is False and trigger.lemma_.lower() in lex.tour_nouns and not hosts:
        return []  # "une tournée en Asie centrale": the legs are told elsewhere
    guest_named_after = _guest_after(ctx, trigger, end, lex)
    appositive = trigger.i > 0 and ctx.doc[trigger.i - 1].lower_ in lex.appositive_words
    if (
        not hosts
        and (kind is None or trigger.pos_ == "NOUN")
        and guest_named_after is None
        and not (appositive and kind)
    ):
        return []  # "dans le cadre de la visite": a reference to a visit told elsewhere
    guest = guest_named_after or _guest(ctx, sent, trigger, end, invited_end)
    if hosts and (guest is None or guest.country in hosts):
        # "la visite effectuée en RDC par le président kényan": the guest told after the place
        guest = _guest_in_segment(ctx, trigger, end, hosts, invited_end) or guest
    guest_country = _guest_country(ctx, guest, hosts)
    if not hosts:
        other = ctx.other_than(guest_country)
        hosts = [other] if other else []
    hosts = [h for h in hosts if h != guest_country]
    if not hosts or not guest_country:
        return []
    made = _legs_made(ctx, sent, trigger, guest_country, hosts, lex)
    hosts = [h for h in hosts if all(h != code for code, _ in made)]
    if not hosts:
        return []
    is_tour = len(hosts) + len(made) >= 2
    when, end_told = _dates(ctx, sent, trigger, end, hosts)
    earlier = _since_visit(trigger, lex)
    if earlier and when is not None and not _inside(ctx, when, trigger):
        when, end_told = None, None  # the sentence's date is the later act's, not this visit's
    status = "done" if earlier else _status(ctx, trigger, when)
    start, until = (when.value, when.until) if when else (None, None)
    if when and when.ahead and status == "announced":
        start = when.ahead  # "est attendu mercredi": the coming Wednesday
        if until and len(until) == 10:
            shift = date.fromisoformat(when.ahead) - date.fromisoformat(when.value)
            until = (date.fromisoformat(until) + shift).isoformat()
    until = until or end_told
    if start is None and until and status == "done":
        start = until  # "a regagné Bogota mardi au terme d'une visite de quelques heures"
    if (
        when is None
        and status != "announced"
        and _verb_of(trigger) is not None
        and not _earlier_visit(trigger, lex)
    ):
        start = month_of(ctx.info.date)
    if when and when.until and len(when.until) == 4:
        until = None  # "(1959-2025)": the second year is the anniversary, not the end
    guest_name = guest.name if guest else None
    verb = _verb_of(trigger)
    evidence = ctx.evidence(sent, min(trigger.i, verb.i if verb else trigger.i), end)
    facts = []
    if is_tour:
        tour_start, tour_status = start, status
        if made and status == "announced":
            # "après le Kenya, il ira en Ouganda": the tour is under way, from its first leg
            tour_start = next((on for _, on in made if on), month_of(ctx.info.date))
            tour_status = "ongoing"
        facts.append(
            Fact(
                FACT_TYPE,
                {
                    "guest": guest_name,
                    "guest_country": guest_country,
                    "host_country": None,
                    "hosts": [*(code for code, _ in made), *hosts],
                    "kind": "tour",
                    "start": tour_start,
                    "end": until,
                    "status": tour_status,
                },
                evidence,
            )
        )
    for code, made_on in made:
        fields = {
            "guest": guest_name,
            "guest_country": guest_country,
            "host_country": code,
            "kind": "other",
            # a past tour's legs take its date ("en mars 2019, après le Kenya, il s'était rendu")
            "start": made_on
            or (start[:7] if start and status == "done" else month_of(ctx.info.date)),
            "end": None,
            "status": "done",
        }
        facts.append(Fact(FACT_TYPE, fields, evidence, extras={"from_tour": True}))
    leg_starts, leg_status = [start] * len(hosts), status
    if is_tour and (when is None or not start or len(start) == 10):
        # A tour's days (or the document's month) are the whole trip's, not each leg's: a done
        # tour began in its first country and its other legs fall in its month (when it ends
        # in the month it began); the legs of a coming one are undated. A month or a year told
        # ("en janvier 2020") dates every leg of a past tour.
        done = status == "done" and not _legs_ahead(ctx, trigger, end, lex)
        month = start[:7] if start and (not until or until[:7] == start[:7]) else None
        leg_starts = [(start if n == 0 else month) if done else None for n in range(len(hosts))]
        begun = any(on for _, on in made)  # "commencée le 3 mai à Nairobi": that leg's day
        if not done and made and not begun and start and len(start) == 10 and not until:
            leg_starts[0] = start  # "après le Kenya, il ira mardi en Ouganda puis…"
        leg_status = "done" if done else "announced"
    for host, leg_start in zip(hosts, leg_starts, strict=True):
        facts.append(
            Fact(
                FACT_TYPE,
                {
                    "guest": guest_name,
                    "guest_country": guest_country,
                    "host_country": host,
                    "kind": kind or "other",
                    "start": leg_start,
                    "end": until if not is_tour else None,
                    "status": leg_status,
                },
                evidence,
                extras={"from_tour": is_tour},
            )
        )
    return facts


def _legs_made(
    ctx: ArticleContext,
    sent: Span,
    trigger: Token,
    guest_country: str,
    hosts: list[str],
    lex: VisitsLexicon,
) -> list[tuple[str, str | None]]:
    """Legs of a tour already made, told beside its coming ones, each with the day it began if
    the sentence tells it: "après le Kenya", "après l'étape ougandaise", "en quittant Nairobi",
    "commencée le 3 mai à Nairobi". "Après" and the verb of leaving belong to the visit's own
    clause: "le deuxième pays après le Kenya", "alors que les troupes ont quitté le Mali" tell
    no leg."""
    fillers = {*ctx.lex.grammar.definite_articles, *lex.guest_links, *lex.leg_nouns}
    verb = _verb_of(trigger)
    clause = {verb.i, verb.head.i} if verb is not None else set()
    made: list[tuple[str, str | None]] = []
    for mention in ctx.in_span(sent.start, sent.end, {*SITE_KINDS, "DEMONYM"}):
        code = mention.value
        if code == guest_country or code not in ctx.kb.countries or code in dict(made):
            continue
        if mention.kind == "CITY" and code not in ctx.pair:
            continue
        place = ctx.doc[mention.start]
        cue = place.i - 1
        while cue >= sent.start and ctx.doc[cue].lower_ in fillers:
            cue -= 1
        anchor = place.head if place.head.lemma_.lower() in lex.leg_nouns else place
        # "Après le Kenya, il ira…": fronted, before the visit's verb
        after = (
            cue >= sent.start
            and ctx.doc[cue].lower_ in lex.earlier_leg_words
            and anchor.head.i in clause
            and verb is not None
            and cue < verb.i
        )
        if mention.kind == "DEMONYM" and not (
            after and ctx.doc[mention.start - 1].lemma_.lower() in lex.leg_nouns
        ):
            continue  # a demonym names a leg only as "l'étape ougandaise"
        if any(t.dep_ == "acl:relcl" for c in (place, *place.conjuncts) for t in c.subtree):
            continue  # "après le Mali, qu'il avait visité en mars": an earlier trip
        # "en quittant Nairobi": the verb's complement without a preposition (parsed obj or xcomp)
        leaving = place.head
        left = (
            leaving.lemma_.lower() in lex.leave_verbs
            and leaving.i in clause
            and not leaving.dep_.startswith("acl")
            and not any(c.dep_ == "case" for c in place.children)
        )
        began, began_on = _begun_at(ctx, place, lex)
        if began or (after or left) and code not in hosts:
            made.append((code, began_on))
    # Legs made only beside a leg to come ("commencée à Nairobi" naming the one host: no tour)
    return made if any(h not in dict(made) for h in hosts) else []


def _begun_at(ctx: ArticleContext, place: Token, lex: VisitsLexicon) -> tuple[bool, str | None]:
    """Whether a verb of beginning names the place ("commencée le 3 mai à Nairobi"), and
    the date it tells for it."""
    before = ctx.doc[place.i - 1] if place.i > 0 else None
    if before is None or before.lower_ not in lex.begin_prepositions:
        return False, None
    head = place.head
    nouns = set(lex.nouns)
    for _ in range(2):
        # The beginning of a tour or visit ("une tournée commencée à X", "a entamé sa visite
        # par X"), not of talks or a career
        told_of = [head.head, *head.children]
        if head.lemma_.lower() in lex.begin_verbs and any(
            t.lemma_.lower() in nouns for t in told_of
        ):
            lo, hi = ctx.doc[head.left_edge.i].idx, place.idx
            told = [d for d in ctx.dates_in(ctx.sentence_of(place.i)) if lo <= d.start < hi]
            return True, told[0].value if told else None
        head = head.head
    return False, None


def _invitation_end(ctx: ArticleContext, sent: Span, lex: VisitsLexicon) -> tuple[int, int]:
    """Token range of 'à l'invitation de X': X is the host, never the guest."""
    for token in sent:
        if token.lemma_.lower() in lex.invitation_nouns:
            persons = ctx.in_span(token.i, sent.end, {"PERSON"})
            stop = persons[0].end if persons else token.i + 6
            roles = ctx.in_span(token.i, stop, {"TITLE"})
            if not persons and roles:
                stop = roles[-1].end + 3
            return token.i, stop
    return -1, -1


def _hosts(
    ctx: ArticleContext, start: int, end: int, lex: VisitsLexicon, invited: tuple[int, int]
) -> list[str]:
    articles = ctx.lex.grammar.definite_articles
    hosts: list[str] = []
    # "a visité Astana", "visiter la Guinée, le Mali et le Ghana": the verb's object, listed
    last = start - 1 if ctx.doc[start - 1].lemma_.lower() in lex.object_verbs else None
    for mention in ctx.in_span(start, end, SITE_KINDS):
        if invited[0] <= mention.start < invited[1]:
            continue
        # A city hosts a visit of the article's pair only ("son séjour à New York" for the
        # United Nations is no visit to the United States).
        if mention.kind == "CITY" and mention.value not in ctx.pair:
            continue
        before = ctx.doc[mention.start - 1] if mention.start > 0 else None
        if before is not None and before.lower_ in articles and mention.start > 1:
            before = ctx.doc[mention.start - 2]
        listed = last is not None and all(
            t.pos_ in LIST_GLUE and t.lower_ not in lex.host_prepositions
            for t in ctx.doc[last + 1 : mention.start]
        )
        if before is not None and before.lower_ in lex.host_prepositions or listed:
            if mention.value not in hosts:
                hosts.append(mention.value)
            last = mention.end - 1 if last is not None else None
    # "dans la capitale thaïlandaise"
    for mention in ctx.in_span(start, end, {"DEMONYM"}):
        after_capital = (
            mention.start > 0 and fold(ctx.doc[mention.start - 1].text) in lex.capital_nouns
        )
        if after_capital and mention.value in ctx.kb.countries and mention.value not in hosts:
            hosts.append(mention.value)
    return hosts


def _antecedent_hosts(ctx: ArticleContext, trigger: Token) -> list[str]:
    """'le Paraguay, où elle avait séjourné': the countries a relative clause's verb refers to."""
    if trigger.pos_ != "VERB" or not trigger.dep_.startswith(("acl", "advcl")):
        return []
    relative = [c for c in trigger.children if "Rel" in c.morph.get("PronType", [])]
    if not relative or relative[0].i > trigger.i:
        return []
    sent = ctx.sentence_of(trigger.i)
    places = ctx.in_span(sent.start, relative[0].i, SITE_KINDS)
    # The antecedent is the place right before the pronoun ("la Gambie, où").
    if not places or not all(t.pos_ == "PUNCT" for t in ctx.doc[places[-1].end : relative[0].i]):
        return []
    # The antecedent and the places listed right before it ("le Pérou, le Chili et le Paraguay").
    listed = [places[-1]]
    for mention in reversed(places[:-1]):
        between = ctx.doc[mention.end : listed[0].start]
        if not all(t.pos_ in LIST_GLUE for t in between):
            break
        listed.insert(0, mention)
    return list(dict.fromkeys(m.value for m in listed))


def _kind(ctx: ArticleContext, trigger: Token, lex: VisitsLexicon) -> str | None:
    following = fold(ctx.doc[trigger.i + 1 : trigger.i + 4].text)
    for kind, words in lex.kinds.items():
        if any(following.startswith(fold(w)) for w in words):
            return str(kind)
    return None


def _guest_after(
    ctx: ArticleContext, trigger: Token, end: int, lex: VisitsLexicon
) -> PersonRef | None:
    """'la visite (d'État) du Président Hô Chi Minh': the guest follows the noun."""
    window_end = min(end, trigger.i + 9)
    # "la visite du président X", "la visite officielle que le président X effectue"
    links = lex.guest_links
    de = next((t for t in ctx.doc[trigger.i + 1 : window_end] if t.lower_ in links), None)
    if de is None or de.i > trigger.i + 4:
        return None
    after = ctx.in_span(de.i + 1, window_end, {"PERSON", "TITLE"})
    if not after or after[0].start > de.i + 2:
        return None
    persons = [m for m in after if m.kind == "PERSON" and m.start in ctx.person_of]
    if persons:
        return ctx.person_of[persons[0].start]
    agent = ctx.agent_between(de.i + 1, window_end, nearest="first")
    return agent.persons[0] if agent and agent.persons else None


def _guest(
    ctx: ArticleContext, sent: Span, trigger: Token, end: int, invited: tuple[int, int]
) -> PersonRef | None:
    candidates = [
        m
        for m in ctx.in_span(sent.start, trigger.i, {"PERSON", "TITLE"})
        if not invited[0] <= m.start < invited[1]
    ]
    for mention in reversed(candidates):
        agent = _agent_of(ctx, mention, trigger.i)
        if agent and agent.persons:
            return agent.persons[0]
    # "où elle avait séjourné, la présidente péruvienne est attendue": the main clause's subject
    if trigger.dep_.startswith(("acl", "advcl")):
        for subject in (c for c in sent.root.children if c.dep_ == "nsubj"):
            mentions = ctx.in_span(subject.i, subject.i + 1, {"PERSON", "TITLE"})
            agent = _agent_of(ctx, mentions[0], sent.end) if mentions else None
            if agent and agent.persons:
                return agent.persons[0]
    return _salient_person(ctx, sent)


def _guest_in_segment(
    ctx: ArticleContext, trigger: Token, end: int, hosts: list[str], invited: tuple[int, int]
) -> PersonRef | None:
    for mention in ctx.in_span(trigger.i + 1, end, {"PERSON", "TITLE"}):
        if invited[0] <= mention.start < invited[1]:
            continue
        agent = _agent_of(ctx, mention, end)
        if agent and agent.persons and agent.persons[0].country not in (*hosts, None):
            return agent.persons[0]
    return None


def _agent_of(ctx: ArticleContext, mention: Mention, limit: int) -> Agent | None:
    return ctx.agent_between(mention.start, min(limit, mention.end + 6), nearest="first")


def _salient_person(ctx: ArticleContext, sent: Span) -> PersonRef | None:
    """For 'sa visite' or 'il effectue': the most mentioned person of the article."""
    if not ctx.persons:
        return None
    subject = next((t for t in sent if t.dep_.startswith("nsubj")), None)
    possessive = any(t.lower_ in ctx.lex.grammar.possessives for t in sent)
    pronouns = ctx.lex.references.person_pronouns
    if subject is not None and subject.lower_ not in pronouns and not possessive:
        return None
    return max(ctx.persons.values(), key=lambda p: p.mentions)


def _guest_country(ctx: ArticleContext, guest: PersonRef | None, hosts: list[str]) -> str | None:
    if guest and guest.country:
        return guest.country
    if hosts:
        others = [c for c in ctx.pair if c not in hosts]
        return others[0] if others else None
    return ctx.pair[0] if ctx.pair else None


def _dates(
    ctx: ArticleContext, sent: Span, trigger: Token, end: int, hosts: list[str]
) -> tuple[DateMention | None, str | None]:
    """The visit's start (with its range or list) and, apart, an end told on its own."""
    lex = ctx.lex.visits
    end_words = {fold(w) for w in lex.end_words}
    not_start = {fold(w) for w in lex.not_start_words}
    since = {fold(w) for w in lex.since_words}
    until: str | None = None
    kept: list[DateMention] = []
    for mention in ctx.dates_in(sent):
        before = fold(ctx.text[max(sent.start_char, mention.start - 25) : mention.start]).split()
        near = before[-3:]
        if any(w in end_words for w in near) and not mention.until:
            until = until or mention.value
        elif any(w in since for w in near[-2:]) and len(mention.value) == 10:
            kept.append(mention)  # "en visite depuis dimanche": the day it began
        elif _since_phrase(ctx, sent, mention, since):
            continue  # "la première visite depuis l'indépendance, en 1991": the later event's
        elif not any(w in not_start for w in near[-2:]):
            kept.append(mention)
    return _date(ctx, sent, kept, trigger, end, hosts), until


def _since_phrase(ctx: ArticleContext, sent: Span, mention: DateMention, since: set[str]) -> bool:
    """A year or month inside a phrase opened by 'depuis' ("depuis l'établissement des
    relations en 1965"): the date of what the visit is counted from."""
    if len(mention.value) == len("YYYY-MM-DD"):
        return False
    before = fold(ctx.text[max(sent.start_char, mention.start - SINCE_REACH) : mention.start])
    words = before.replace(",", " , ").replace(".", " . ").split()
    opened = max((n for n, w in enumerate(words) if w in since), default=None)
    return opened is not None and not any(w in {",", "."} for w in words[opened:])


def _date(
    ctx: ArticleContext,
    sent: Span,
    dates: list[DateMention],
    trigger: Token,
    end: int,
    hosts: list[str],
) -> DateMention | None:
    if not dates:
        return None
    seg_start, seg_end = ctx.doc[trigger.i].idx, ctx.doc[end - 1].idx + len(ctx.doc[end - 1])
    inside = [
        d
        for d in dates
        if seg_start <= d.start < seg_end and not _in_other_clause(ctx, d, trigger, hosts)
    ]
    if inside:
        return inside[0]
    # "effectue du 20 au 22 août une visite": between the verb and its noun.
    verb = _verb_of(trigger)
    if verb is not None and verb.i <= trigger.i:
        between = [d for d in dates if verb.idx <= d.start < seg_start]
        if between:
            return between[-1]
    # "ce fut en 2011, année où elle visita l'Uruguay": the date the relative clause hangs on
    relative = [c for c in trigger.children if "Rel" in c.morph.get("PronType", [])]
    if relative and relative[0].i > sent.start:
        before = ctx.doc[relative[0].i - 1]
        if before.is_punct and relative[0].i - 1 > sent.start:
            before = ctx.doc[relative[0].i - 2]
        told = [d for d in dates if d.start <= before.idx < d.end]
        if told:
            return told[0]
    # "En 2011, la ministre a séjourné au Chili": a date fronted at the head of the sentence.
    head_end = ctx.doc[min(sent.start + FRONTED_TOKENS, sent.end - 1)].idx
    fronted = [d for d in dates if d.start <= head_end and d.start < seg_start]
    return fronted[0] if fronted else None


def _in_other_clause(
    ctx: ArticleContext, mention: DateMention, trigger: Token, hosts: list[str]
) -> bool:
    """'la visite en Angola, dont la cérémonie s'est déroulée en juin': a date told in a
    relative clause the visit's trigger is not part of."""
    token = next((t for t in ctx.doc[trigger.i :] if t.idx >= mention.start), None)
    if token is None:
        return False
    for head in token.ancestors:
        if head.dep_ == "acl:relcl":
            if trigger in head.subtree:
                return False
            # "celle qui, en mars 2011, l'avait conduite au Pérou" tells the visit itself
            clause = ctx.in_span(head.left_edge.i, head.right_edge.i + 1, SITE_KINDS)
            return not any(m.value in hosts for m in clause)
    return False


def _since_visit(trigger: Token, lex: VisitsLexicon) -> bool:
    """'la première depuis la visite d'État du président': a visit the sentence counts from is
    earlier than what the sentence tells, and done."""
    return any(c.dep_ == "case" and c.lower_ in lex.earlier_prepositions for c in trigger.children)


def _inside(ctx: ArticleContext, mention: DateMention, trigger: Token) -> bool:
    """Whether a date is told inside the trigger's own phrase ("depuis sa visite de 2019")."""
    return trigger.left_edge.idx <= mention.start < trigger.right_edge.idx + len(trigger.right_edge)


def _earlier_visit(trigger: Token, lex: VisitsLexicon) -> bool:
    """'les accords conclus lors de la visite': a visit named by a participle's clause is past,
    and the document's month is not its date."""
    if _since_visit(trigger, lex):
        return True
    verb = _verb_of(trigger)
    if verb is None:
        return False
    if verb.lemma_.lower() in lex.recall_verbs:
        return True  # "a évoqué sa visite en Ouzbékistan"
    if verb is trigger:
        return False
    return (
        verb.dep_ == "acl"
        and "Part" in verb.morph.get("VerbForm", [])
        and not any(c.dep_.startswith("aux") for c in verb.children)
    )


def _verb_of(trigger: Token) -> Token | None:
    # A walk, not a dependency pattern: the nearest verb up to three words up needs nodes that
    # may be any word, and spaCy's DependencyMatcher tries every combination of a sentence's
    # candidate tokens for them (measured: 140 ms on 5,600 tokens, for what three steps do).
    if trigger.pos_ == "VERB":
        return trigger
    copula = [c for c in trigger.children if c.dep_ == "cop"]
    if copula:
        return copula[0]  # "est en visite au Rwanda": under way
    head = trigger.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"}:
            return head
        if head == head.head:
            break
        head = head.head
    return None


def _status(ctx: ArticleContext, trigger: Token, when: DateMention | None) -> str:
    lex = ctx.lex.visits
    verb = _verb_of(trigger)
    if verb is None:
        return "done"  # a visit named without a verb ("la visite de X en 1959") is told as past
    lemma = verb.lemma_.lower()
    if lemma in lex.announce_verbs:
        return "announced"
    # "a invité son homologue à effectuer une visite", "a accepté l'invitation à se rendre"
    heads = [h for h in (verb.head, verb.head.head) if h is not verb]
    if any({h.lemma_.lower(), h.lower_} & set(lex.announce_heads) for h in heads):
        return "announced"
    # "devant se rendre", "devrait effectuer": the modal governs the visit's verb
    if verb.head is not verb and verb.head.lemma_.lower() in lex.announce_modals:
        return "announced"
    infinitive = "Inf" in verb.morph.get("VerbForm", [])
    if infinitive and verb.head is not verb and verb.head.pos_ == "VERB":
        verb = verb.head  # "quittera Dakar pour continuer sa tournée": the governing verb's tense
    tense = verb.morph.get("Tense", [])
    aux = [c for c in verb.children if c.dep_.startswith("aux")]
    if (
        "Fut" in tense
        or any("Fut" in a.morph.get("Tense", []) for a in aux)
        or lemma in lex.announce_modals
        # "se rendra mardi" tagged past; not "la visite jouerait un rôle", told of the visit
        or (not trigger.dep_.startswith("nsubj") and future_form(verb, ctx.grammar.future_suffixes))
    ):
        return "announced"
    if "Cnd" in verb.morph.get("Mood", []) or any("Cnd" in a.morph.get("Mood", []) for a in aux):
        return "announced"
    if lemma in lex.done_verbs or aux or "Past" in tense:
        return "done"
    if lemma in lex.ongoing_verbs:
        return "ongoing"
    return "ongoing"


def _merge_duplicates(facts: list[Fact]) -> list[Fact]:
    """One fact per visit of the article: later mentions complete the first."""
    kept: list[Fact] = []
    for fact in facts:
        twin = next((k for k in kept if _same_visit(k.fields, fact.fields)), None)
        if twin is None:
            kept.append(fact)
            continue
        starts = [str(f.fields.get("start") or "") for f in (twin, fact)]
        if len(starts[0]) == len(starts[1]) == len("YYYY-MM-DD"):
            # A range told ("les 20 et 21 octobre") dates the visit; else its first day told.
            ranged = [f for f in (twin, fact) if f.fields.get("end")]
            twin.fields["start"] = ranged[0].fields["start"] if len(ranged) == 1 else min(starts)
        for key in ("start", "end", "guest"):
            if not twin.fields.get(key) and fact.fields.get(key):
                twin.fields[key] = fact.fields[key]
        if twin.fields["kind"] == "other" and fact.fields["kind"] != "other":
            twin.fields["kind"] = fact.fields["kind"]
            twin.evidence = fact.evidence
        if twin.extras.get("from_tour") and not fact.extras.get("from_tour"):
            twin.fields["start"] = fact.fields["start"] or twin.fields["start"]
            twin.fields["status"] = fact.fields["status"]
            twin.extras["from_tour"] = False
    return kept


def _same_visit(a: dict, b: dict) -> bool:
    if (a["guest_country"], a["host_country"], a["kind"] == "tour") != (
        b["guest_country"],
        b["host_country"],
        b["kind"] == "tour",
    ):
        return False
    if a.get("hosts") and b.get("hosts") and not set(a["hosts"]) & set(b["hosts"]):
        return False  # two tours, to other countries
    announced = [f["status"] == "announced" for f in (a, b)]
    guests = a.get("guest"), b.get("guest")
    if announced[0] != announced[1] and all(guests) and not same_person(*guests):
        return False  # one guest here now, another one announced
    start_a, start_b = a.get("start"), b.get("start")
    if start_a and start_b and len(start_a) == len(start_b) == len("YYYY-MM-DD"):
        # "arrivé mercredi", "a signé jeudi à Dakar": days of one visit told as happened
        if any(announced):
            return start_a == start_b
        gap = date.fromisoformat(start_a) - date.fromisoformat(start_b)
        return abs(gap.days) <= SAME_VISIT_DAYS
    if start_a and start_b:
        n = min(len(start_a), len(start_b))
        return bool(start_a[:n] == start_b[:n])
    # An undated mention joins a dated one unless that one is historical (a year alone).
    dated = start_a or start_b
    return dated is None or len(dated) > 4
