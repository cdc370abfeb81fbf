"""The pack's dependency patterns, run by spaCy's DependencyMatcher: who did what to whom.

The sentences are written for these tests.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
import yaml

from bilat.engine import Processor
from bilat.errors import BilatError
from bilat.extract.context import ArticleContext, DocumentInfo
from bilat.extract.matchers import DependencyRules
from bilat.extract.meetings import _supported
from bilat.kb import KnowledgeBase, load_pack
from bilat.kb.lexicon import Lexicon
from bilat.kb.pack import DATA, lexicon_from, patterns_from
from bilat.kb.patterns import PATTERNS_FILE, PatternNode, Patterns

INFO = DocumentInfo("t", "2025-05-06")


def _context(processor: Processor, text: str, kb: KnowledgeBase | None = None) -> ArticleContext:
    return ArticleContext(processor.nlp(text), INFO, kb or processor.kb)


def _held(ctx: ArticleContext) -> list[str]:
    return [ctx.doc[m["noun"]].text for m in ctx.dependency_matches("meetings.held_noun")]


def _token(ctx: ArticleContext, text: str) -> Any:
    return next(t for t in ctx.doc if t.text == text)


def test_a_noun_its_support_verb_governs_is_held(processor: Processor) -> None:
    ctx = _context(processor, "Les deux ministres ont eu un entretien à Rabat.")
    assert "entretien" in _held(ctx)
    (match,) = [m for m in ctx.dependency_matches("meetings.held_noun") if m["noun"] == 6]
    assert ctx.doc[match["verb"]].lemma_ == "avoir"


def test_the_matcher_finds_a_support_verb_too_far_for_the_window(processor: Processor) -> None:
    """'tenu' governs 'entretien' through 'Rabat', six words before it: the dependency
    pattern holds it, the word window before the noun does not."""
    ctx = _context(
        processor, "Les deux ministres ont tenu à Rabat, mardi dernier, un long entretien."
    )
    noun = _token(ctx, "entretien")
    assert noun.head.head.lemma_ == "tenir"  # the parse the test relies on
    assert "entretien" in _held(ctx)
    lex = ctx.lex.meetings
    assert _supported(noun, frozenset({noun.i}), lex)
    assert not _supported(noun, frozenset(), lex)  # the window alone would miss it


def test_a_meeting_only_named_is_not_held(processor: Processor) -> None:
    ctx = _context(processor, "L'entretien de presse du ministre a été annulé.")
    assert _held(ctx) == []
    assert not _supported(_token(ctx, "entretien"), frozenset(), ctx.lex.meetings)


SENTENCES = [
    "Les deux ministres ont eu un entretien à Rabat.",
    "Les deux ministres ont participé à une série d'entretiens à Rabat.",
    "Le ministre a annoncé la tenue d'un entretien de presse.",
    "Entretien avec le ministre.",
    "Les présidents ont coprésidé la réunion de la commission mixte, puis ont tenu une séance.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_pattern_is_the_head_or_grandparent_rule(processor: Processor, text: str) -> None:
    """For every meeting noun: held by the matcher exactly when its head, or its head's head
    (a root being its own head), has a support verb's lemma."""
    ctx = _context(processor, text)
    support = set(ctx.lex.meetings.support_verbs)
    nouns = {n for words in ctx.lex.meetings.nouns.values() for n in words}
    held = {m["noun"] for m in ctx.dependency_matches("meetings.held_noun")}
    for token in ctx.doc:
        if token.pos_ == "NOUN" and token.lemma_.lower() in nouns:
            rule = token.head.lemma_ in support or token.head.head.lemma_ in support
            assert (token.i in held) == rule, token.text


def _verbs(ctx: ArticleContext, rule: str) -> list[str]:
    return [ctx.doc[i].text for i in sorted(ctx.matched(rule, "verb"))]


def test_a_verb_with_a_reflexive_pronoun_is_matched(processor: Processor) -> None:
    went = _context(processor, "Le président s'est rendu à Alger.")
    assert _verbs(went, "visits.reflexive_verb") == ["rendu"]
    paid = _context(processor, "Le président a rendu hommage aux victimes.")
    assert _verbs(paid, "visits.reflexive_verb") == []


def test_a_verb_in_the_passive_is_matched(processor: Processor) -> None:
    expected = _context(processor, "Le ministre est attendu à Alger lundi.")
    assert _verbs(expected, "visits.passive_verb") == ["attendu"]
    waits = _context(processor, "Le ministre attend une réponse de Rabat.")
    assert _verbs(waits, "visits.passive_verb") == []


VERB_SENTENCES = [
    "Le président s'est rendu à Alger.",
    "Le président a rendu hommage aux victimes.",
    "Le ministre est attendu à Alger lundi.",
    "La ministre sera attendue mardi à Dakar, où elle se rendra ensuite au port.",
    "Le ministre attend une réponse de Rabat.",
]


@pytest.mark.parametrize("text", VERB_SENTENCES)
def test_the_verb_patterns_are_the_child_rules(processor: Processor, text: str) -> None:
    """For every visit verb that needs them: matched exactly when it is a verb with a
    reflexive pronoun child, or with a passive auxiliary child."""
    ctx = _context(processor, text)
    grammar, lex = ctx.lex.grammar, ctx.lex.visits
    reflexive = ctx.matched("visits.reflexive_verb", "verb")
    passive = ctx.matched("visits.passive_verb", "verb")
    for token in ctx.tokens_with_lemma([*lex.nouns, *lex.verbs]):
        verb = token.pos_ == "VERB"
        children = list(token.children)
        pronoun = any(c.lower_ in grammar.reflexive_pronouns for c in children)
        auxiliary = any(
            c.dep_ == "aux:pass"
            or (c.dep_.startswith("aux") and c.lemma_ in grammar.passive_auxiliaries)
            for c in children
        )
        if token.lemma_.lower() in lex.reflexive_verbs:
            assert (token.i in reflexive) == (verb and pronoun), token.text
        if token.lemma_.lower() in lex.announce_verbs:
            assert (token.i in passive) == (verb and auxiliary), token.text


def _with_support_verb(kb: KnowledgeBase, verb: str) -> KnowledgeBase:
    assert kb.pack is not None
    files = copy.deepcopy(dict(kb.pack.lexicons))
    files["meetings"]["support_verbs"].append(verb)
    pack = dataclasses.replace(kb.pack, lexicon=lexicon_from(files, "fr/lexicon"), lexicons=files)
    return dataclasses.replace(kb, pack=pack, lexicons=files, _compiled={})


def test_a_support_verb_added_to_the_lexicon_reaches_the_pattern(processor: Processor) -> None:
    text = "Les délégations ont organisé mardi à Rabat, au siège du ministère, une réunion."
    assert _held(_context(processor, text)) == []
    kb = _with_support_verb(processor.kb, "organiser")
    assert "réunion" in _held(_context(processor, text, kb))


def test_the_matches_are_computed_once_per_document(processor: Processor) -> None:
    ctx = _context(processor, "Les deux ministres ont eu un entretien à Rabat.")
    first = ctx.dependency_matches("meetings.held_noun")
    assert ctx.dependency_matches("meetings.held_noun") is first
    assert ctx.dependency_matches("meetings.no_such_rule") == []
    rules = processor.kb.compiled("dependency_rules", DependencyRules.from_kb)
    assert rules is ctx.kb.compiled("dependency_rules", DependencyRules.from_kb)


def test_the_rules_pickle_without_their_matchers(processor: Processor) -> None:
    rules = processor.kb.compiled("dependency_rules", DependencyRules.from_kb)
    _context(processor, "Les deux ministres ont eu un entretien à Rabat.").dependency_matches("x")
    copied = pickle.loads(pickle.dumps(rules))
    assert copied.rules == rules.rules
    doc = processor.nlp("Les deux ministres ont eu un entretien à Rabat.")
    assert copied.matches(doc, "meetings.held_noun") == rules.matches(doc, "meetings.held_noun")
    assert copied.matches(doc, "meetings.held_noun")


# ------------------------------------------------------------------ the pack's patterns.yaml
def _patterns_data() -> dict[str, Any]:
    """The French pack's patterns.yaml as read."""
    data: dict[str, Any] = yaml.safe_load((DATA / "fr" / PATTERNS_FILE).read_text("utf-8"))
    return data


def _pattern_error(data: dict[str, Any]) -> str:
    with pytest.raises(BilatError) as error:
        patterns_from(data, load_pack("fr").lexicon, "fr/patterns.yaml")
    return str(error.value)


def test_the_pack_loads_its_patterns() -> None:
    patterns = load_pack("fr").patterns
    assert isinstance(patterns, Patterns)
    first = patterns.meetings.held_noun[0][0]
    assert first == PatternNode(right_id="verb", lemma="meetings.support_verbs")
    data = _patterns_data()
    assert patterns_from(data, load_pack("fr").lexicon, "p").meetings.held_noun[0][0] == first


def test_a_pattern_naming_no_word_list_is_refused() -> None:
    data = _patterns_data()
    data["meetings"]["held_noun"][0][0]["lemma"] = "meetings.support_verb"
    assert _pattern_error(data) == (
        "[E060] fr/patterns.yaml: key 'meetings.held_noun[0][0].lemma':"
        " 'meetings.support_verb' names no word list of the lexicon"
    )
    data["meetings"]["held_noun"][0][0]["lemma"] = "meetings.pair_roles"  # a mapping of offices
    assert "names no word list" in _pattern_error(data)
    data["meetings"]["held_noun"][0][0] = {"right_id": "verb", "lower": "grammar.pronouns"}
    assert "key 'meetings.held_noun[0][0].lower': 'grammar.pronouns'" in _pattern_error(data)


def test_a_node_asking_its_label_twice_is_refused() -> None:
    data = _patterns_data()
    data["meetings"]["held_noun"][0][1].update({"dep": "obj", "dep_prefix": "obj"})
    assert _pattern_error(data) == (
        "[E060] fr/patterns.yaml: key 'meetings.held_noun[0][1]':"
        " both 'dep' and 'dep_prefix': one of them"
    )
    data = _patterns_data()
    data["meetings"]["held_noun"][0][0]["trigger"] = "meetings.support_verbs"
    assert "both 'lemma' and 'trigger'" in _pattern_error(data)


def test_an_unknown_key_of_a_pattern_is_refused() -> None:
    data = _patterns_data()
    data["meetings"]["held_noun"][0][1]["lemmas"] = "meetings.nouns"
    assert _pattern_error(data) == (
        "[E061] fr/patterns.yaml: unknown key 'meetings.held_noun[0][1].lemmas':"
        " no code reads it (misspelt, or left over)"
    )


def test_a_word_list_by_kind_gives_every_kind() -> None:
    from bilat.kb.patterns import words_of

    lexicon: Lexicon = load_pack("fr").lexicon
    assert words_of(lexicon, "meetings.support_verbs") == lexicon.meetings.support_verbs
    nouns = words_of(lexicon, "meetings.nouns")
    assert nouns is not None and {"entretien", "audience", "séance"} <= set(nouns)
    assert words_of(lexicon, "meetings") is None
    assert words_of(lexicon, "meetings.support_verbs.x") is None
