"""Split cleaned Japanese blog text into sentences with exact offsets.

Blog style differs from news: headings, list items and lines that end in (笑), an emoji or ｗ carry no
full stop, so every line break ends a sentence.  Inside a line we split after 。．！？!? (and runs such
as ！？), after (笑) and after emoji followed by more text, but never inside 「」『』（）() brackets
(a quoted sentence is part of the sentence that quotes it) nor inside URLs.
"""

from __future__ import annotations

import re

from .records import Sentence

_TERMINATORS = frozenset("。．！？!?")
# Characters that stay with the sentence they close: closing brackets, quotes, trailing laughs.
_TRAILERS = frozenset("」』）)】〉》〕］”’ｗw〜～ー…・")
_OPEN = {"「": "」", "『": "』", "（": "）", "(": ")"}
_CLOSE = frozenset(_OPEN.values())
# (笑) / （笑） inside a line closes a sentence the way 。 does.
_LAUGH = re.compile(r"[（(]笑[）)]")
# After ! a particle that cannot start a sentence means the ! belongs to a word or a quotation
# (いいね!が付く, いいね!やコメント, いいね!したり, すごい！と思った); the lookaheads keep words that do
# start sentences (がんばろう, やっぱり, とにかく, しかし).
_CONTINUES = re.compile(
    r"を|が(?![んっ])|や(?![っはるらばだ])|と(?=[思言いっ感叫考書])|の(?=[数が])|し(?=[たてま])"
)
# A bracket left open this long is a typo, not a quotation: stop protecting its content.
_MAX_BRACKET_SPAN = 300


def _is_emoji(char: str) -> bool:
    """True for pictographic emoji and their modifiers (not for kana, kanji or punctuation)."""
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or code in (0xFE0F, 0x200D)
        or 0x1F3FB <= code <= 0x1F3FF
    )


# Only these characters can change the splitter's state; the scan jumps from one to the next.
_INTERESTING = re.compile(
    r"https?://[^\s<>\"'「」『』（）()、。]+|[「」『』（）()。．！？!?\u2600-\u27bf\U0001f000-\U0001faff]"
)


def _split_line(line: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of one line, relative to the line."""
    spans: list[tuple[int, int]] = []
    depth: list[str] = []
    opened_at = 0
    start = 0
    n = len(line)
    resume = 0  # characters before this index were swallowed into the previous sentence
    for match in _INTERESTING.finditer(line):
        i = match.start()
        if i < resume:
            continue
        char = match.group()
        if len(char) > 1:  # a URL: its ? and ! are not sentence ends
            continue
        if char in _OPEN:
            if not depth:
                opened_at = i
            depth.append(_OPEN[char])
        elif char in _CLOSE and depth and char == depth[-1]:
            depth.pop()
        if depth and i - opened_at > _MAX_BRACKET_SPAN:
            depth.clear()
        if depth:
            continue
        end = 0
        if char in _TERMINATORS:
            end = i + 1
            while end < n and (line[end] in _TERMINATORS or line[end] in _TRAILERS):
                end += 1
            if char in "！!" and _CONTINUES.match(line, end) and not any(c in "。．？?" for c in line[i:end]):
                # いいね!が付く, すごい！と思った: the ! is inside the sentence.  So is every mark up to ``end``
                # (each would find the same end and continue the same way): skip them, or '!' * n + 'を'
                # rescanned the run once per mark.
                resume = end
                continue
        elif _is_emoji(char):
            end = i + 1
            while end < n and (_is_emoji(line[end]) or line[end] in _TERMINATORS):
                end += 1
        elif char in "）)" and i >= 2 and _LAUGH.match(line, i - 2):
            end = i + 1
        if end:
            spans.append((start, end))
            start = resume = end
    if start < n:
        spans.append((start, n))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split cleaned text into sentences.

    Args:
        text: Cleaned text (see ``jpblog_nlp.text.clean.clean_text``); raw text works too.

    Returns:
        Sentences in order; for each, ``text[s.start:s.end] == s.text``. ``paragraph`` counts blocks
        separated by blank lines, from 0. Whitespace-only pieces are not sentences.

    >>> [s.text for s in split_sentences("楽しかった！「また来てね。」と言われた。\\n次回予告")]
    ['楽しかった！', '「また来てね。」と言われた。', '次回予告']
    """
    sentences: list[Sentence] = []
    paragraph = 0
    seen_text_in_paragraph = False
    offset = 0
    for line in text.split("\n"):
        if not line.strip():
            if seen_text_in_paragraph:
                paragraph += 1
                seen_text_in_paragraph = False
            offset += len(line) + 1
            continue
        for start, end in _split_line(line):
            piece = line[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            abs_start = offset + start + lead
            sentences.append(
                Sentence(len(sentences), stripped, abs_start, abs_start + len(stripped), paragraph)
            )
        seen_text_in_paragraph = True
        offset += len(line) + 1
    return sentences
