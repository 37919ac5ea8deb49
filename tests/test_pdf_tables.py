"""Finding a table cell's words in the reader's text (`pipeline/readers/pdf.py`)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.readers.pdf import find_words


@given(st.lists(st.sampled_from(["ab", "a", "b", "ba", "Đ", "."]), min_size=1, max_size=4),
       st.text(alphabet="ab.Đ \n\t\u00a0", max_size=40), st.integers(0, 40))
def test_find_words_finds_what_the_regular_expression_finds(words, text, start):
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found = pattern.search(text, min(start, len(text)))
    expected = None if found is None else (found.start(), found.end())
    assert find_words(words, text, min(start, len(text))) == expected
