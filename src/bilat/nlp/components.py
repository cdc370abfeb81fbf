"""bilat's own spaCy components, registered in one place.

``bilat_sentence_hints`` runs before the parser and fixes what the parser alone gets wrong in
news text: a paragraph break (or a photo caption line) always ends a sentence, and a sentence
never starts right after a word that is not closing punctuation ("Le Vietnam | et le
Kazakhstan continueront" was split by the parser). The parser respects preset boundaries.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = {".", "!", "?", "…", ":", ";", "»", '"', ")", "...", "!»", ".»"}


@Language.component("bilat_sentence_hints", assigns=["token.is_sent_start"])
def sentence_hints(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or (previous.is_space and "\n" in previous.whitespace_):
            token.is_sent_start = True
        elif "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
        elif previous.text not in SENTENCE_END and not previous.text.endswith((".", "!", "?")):
            token.is_sent_start = False
    return doc
