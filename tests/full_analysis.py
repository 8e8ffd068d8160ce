"""A complete post-analysis document (every section of ``docs/json-schema.md``), for render tests."""

FULL = {
    "schema": "jpblog.post-analysis/1",
    "post": {"id": "itochan-influence", "title": "【SNS】影響力", "url": None, "published": "2018-10-03T09:00:00+09:00",
             "author": None, "blog": "イトーちゃんのあたまの中", "source": "corpus/itochan-influence.txt",
             "categories": ["SNS", "考え"], "hashtags": ["#しなやかフェス2018秋"],
             "n_chars": 3403, "n_sentences": 81, "n_tokens": 1860},
    "keywords": [{"term": "影響力", "norm": "影響力", "score": 0.93, "count": 18, "kind": "compound"},
                 {"term": "SNS", "norm": "sns", "score": 0.5, "count": 9, "kind": "noun"}],
    "sentiment": {"score": 0.12, "label": "mixed", "positive_share": 0.3, "negative_share": 0.2, "neutral_share": 0.5},
    "emotions": {"joy": 0.2, "sadness": 0.0, "anticipation": 0.1, "surprise": 0.0, "anger": 0.0, "fear": 0.0,
                 "disgust": 0.05, "trust": 0.15},
    "themes": [{"name": "influence", "label": "影響力", "score": 0.8, "sentences": [4, 6, 13],
                "positions": [0.05, 0.07, 0.15], "sentiment": {"score": -0.1, "label": "mixed"}}],
    "summary": {"method": "lexrank", "sentences": [{"index": 60, "text": "<b>影響力</b>とは", "score": 0.12}]},
    "sentences": [{"index": 0, "text": "みなさんごきげんよう", "start": 0, "end": 10, "paragraph": 0,
                   "sentiment": {"score": 0.0, "label": "neutral"}, "themes": ["influence", "sns"]}],
}
