"""bilat's own spaCy components, registered in one place.

``bilat_sentence_hints`` runs before the parser and fixes what the parser alone gets wrong in
news text: a paragraph break (or a photo caption line) always ends a sentence, and a sentence
never starts right after a word that is not closing punctuation, whitespace between them
aside ("Le Vietnam | et le Kazakhstan continueront" was split by the parser).
The parser respects preset boundaries.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = {".", "!", "?", "…", ":", ";", "»", '"', ")", "...", "!»", ".»"}


@Language.component("bilat_sentence_hints", assigns=["token.is_sent_start"])
def sentence_hints(doc: Doc) -> Doc:
    """Set sentence starts from whole-document arrays: no Token object per token."""
    n = len(doc)
    if n < 2:
        return doc
    strings = doc.vocab.strings
    words = [strings[h] for h in doc.to_array(ORTH).tolist()]
    spaces = doc.to_array(IS_SPACE).tolist()
    starts = [1] + [0] * (n - 1)  # 1 starts a sentence, -1 does not, 0 leaves it to the parser
    last_word = "" if spaces[0] else words[0]  # the last token before i not whitespace
    for i in range(1, n):
        previous = words[i - 1]
        if "\n" in previous or (not last_word and not spaces[i]):
            starts[i] = 1  # after a paragraph break, or the first word after leading blanks
        elif spaces[i] or (
            last_word not in SENTENCE_END and not last_word.endswith((".", "!", "?"))
        ):
            starts[i] = -1
        if not spaces[i]:
            last_word = words[i]
    values = numpy.asarray(starts, dtype="int64").astype("uint64")
    # One attribute: spaCy takes a 1-D array, which its stubs (Ints2d) do not allow for.
    doc.from_array([SENT_START], values)  # type: ignore[arg-type]
    return doc
