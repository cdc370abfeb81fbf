"""The typed lexicon of a language pack: one record per file of ``kb/data/<lang>/lexicon/``.

Each record declares exactly the keys its YAML file holds (see :mod:`bilat.kb.schema`): a
missing key, a wrong type or a key no record declares fails the load with a one-line error
naming the file and the key. The words are the pack's; the code only says what they are for.
"""

from __future__ import annotations

from dataclasses import dataclass

Words = tuple[str, ...]


@dataclass(frozen=True)
class AgreementsLexicon:
    nouns: Words
    needs_modifier: dict[str, Words]
    actions: dict[str, Words]
    count_quantifiers: Words
    count_nouns: Words
    vague_quantifiers: Words
    list_openers: Words
    list_introducers: Words
    generic_title_words: Words
    title_stop_words: Words
    title_end_words: Words
    occasion_words: Words
    signatory_prepositions: Words
    signatory_glue: Words
    statement_nouns: Words
    bundle_words: Words
    item_markers: Words
    item_stops: Words
    anaphoric_determiners: Words
    domestic_words: Words
    signed_only_nouns: Words
    anniversary_words: Words
    distributive_words: Words = ()


@dataclass(frozen=True)
class CommitmentsLexicon:
    modalities: dict[str, Words]
    needs_party_subject: Words
    statement_verbs: Words
    statement_complementisers: Words
    list_ordinals: Words
    list_counts: Words
    list_nouns: Words
    adverb_suffix: str
    adverbs: Words
    nominal_triggers: Words
    wish_triggers: Words
    wish_objects: Words
    anaphoric_domains: Words
    clause_tails: Words
    volume_words: Words
    volume_domains: Words
    future_modality: str
    future_subjects: Words
    future_agenda_lemmas: Words
    future_endings: Words
    infinitive_triggers: Words = ()


@dataclass(frozen=True)
class DatesLexicon:
    months: dict[str, int]
    range_words: Words
    list_words: Words
    range_openers: Words
    list_openers: Words
    first_day: str
    month_openers: Words
    weekdays: dict[str, int]
    past_words: Words
    future_words: Words
    relative_years: dict[str, int]
    relative_days: dict[str, int]


@dataclass(frozen=True)
class DomainWords:
    lemmas: Words = ()
    phrases: Words = ()


@dataclass(frozen=True)
class DomainsLexicon:
    domains: dict[str, DomainWords]
    stop_phrases: Words


@dataclass(frozen=True)
class FollowupLexicon:
    generic_words: Words
    completion_words: Words
    visit_words: Words
    session_words: Words
    meeting_words: Words
    upgrade_words: Words
    document_words: Words
    metric_words: dict[str, Words]


@dataclass(frozen=True)
class GrammarLexicon:
    stop_words: Words
    honorifics: Words
    dotless_honorifics: Words
    definite_articles: Words
    determiners: Words
    possessives: Words
    reflexive_pronouns: Words
    coordinators: Words
    additive_coordinators: Words
    partitives: Words
    modal_verbs: Words
    passive_auxiliaries: Words
    participle_endings: Words
    infinitive_endings: Words
    counterpart_titles: Words
    future_suffixes: Words


@dataclass(frozen=True)
class IndicatorsLexicon:
    metrics: dict[str, Words]
    anniversary_nouns: Words
    anniversary_subjects: Words
    target_words: Words
    goal_verbs: Words
    goal_object_pronouns: Words
    goal_determiners: Words
    goal_prepositions: Words
    signing_stems: Words
    breakdown_words: Words
    vague_counts: Words
    years_of: Words
    count_after: Words


@dataclass(frozen=True)
class MeetingsLexicon:
    verbs: dict[str, Words]
    nouns: dict[str, Words]
    support_verbs: Words
    noun_frames: Words
    pair_roles: dict[str, str]
    pair_role_modifiers: dict[str, str]
    pair_numerals: Words
    reciprocal: Words
    not_subject_words: Words
    call_markers: Words
    joint_bodies: Words
    session_nouns: Words
    proxy_words: Words
    party_nouns: Words
    partner_words: Words
    between_words: Words
    signing_verbs: Words
    presence_nouns: Words
    relative_pronouns: Words
    body_meeting_nouns: Words
    multilateral_words: Words
    summit_nouns: Words
    arrival_words: Words
    attending_verbs: Words
    ceremony_nouns: Words
    signing_nouns: Words
    partner_only_nouns: Words
    anaphoric_determiners: Words
    welcome_words: Words
    pair_session_nouns: Words = ()


@dataclass(frozen=True)
class NumbersLexicon:
    words: dict[str, int]
    approximations: dict[str, int]
    scales: dict[str, int]
    scales_after_number: Words
    scales_after_article: Words
    scale_links: Words
    halves: Words
    articles: Words
    currencies: dict[str, str]
    year_units: Words
    ordinal_suffixes: Words
    approximate_before: Words


@dataclass(frozen=True)
class ReferencesLexicon:
    pair_phrases: Words
    pair_subjects: Words
    person_pronouns: Words


@dataclass(frozen=True)
class RelationsLexicon:
    levels: tuple[tuple[str, str], ...]
    level_stems: Words
    title_words: Words
    establish_lemmas: Words
    establish_participles: Words
    tie_lemmas: Words
    tie_nouns: Words
    since_words: Words
    between_words: Words
    rank_words: Words
    demonstratives: Words
    count_words: Words
    make_lemmas: Words
    make_clitics: Words
    founding_documents: Words
    wish_words: Words = ()
    existing_determiners: Words = ()
    target_words: Words = ()


@dataclass(frozen=True)
class RelevanceLexicon:
    trigger_lists: Words
    verb_endings: Words
    extra_forms: Words
    list_markers: Words
    ordinal_lists: Words
    continuation_ends: Words


@dataclass(frozen=True)
class VisitsLexicon:
    nouns: Words
    tour_nouns: Words
    verbs: Words
    reflexive_verbs: Words
    kinds: dict[str, Words]
    announce_verbs: Words
    announce_modals: Words
    done_verbs: Words
    ongoing_verbs: Words
    host_prepositions: Words
    capital_nouns: Words
    guest_links: Words
    invitation_nouns: Words
    end_words: Words
    not_start_words: Words
    announce_heads: Words
    since_words: Words = ()
    recall_verbs: Words = ()
    earlier_prepositions: Words = ()
    object_verbs: Words = ()
    act_verbs: Words = ()
    act_nouns: Words = ()
    receive_verbs: Words = ()
    presence_verbs: Words = ()
    act_place_prepositions: Words = ()
    resident_offices: Words = ()
    appositive_words: Words = ()
    earlier_leg_words: Words = ()
    leg_nouns: Words = ()
    leave_verbs: Words = ()
    begin_verbs: Words = ()
    begin_prepositions: Words = ()


@dataclass(frozen=True)
class Lexicon:
    """Every lexicon of a pack; attribute names are the file names without ``.yaml``."""

    agreements: AgreementsLexicon
    commitments: CommitmentsLexicon
    dates: DatesLexicon
    domains: DomainsLexicon
    followup: FollowupLexicon
    grammar: GrammarLexicon
    indicators: IndicatorsLexicon
    meetings: MeetingsLexicon
    numbers: NumbersLexicon
    references: ReferencesLexicon
    relations: RelationsLexicon
    relevance: RelevanceLexicon
    visits: VisitsLexicon
