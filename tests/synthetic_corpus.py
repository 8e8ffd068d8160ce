"""The synthetic three-subject corpus (running, cafés, smartphones) of the topics and compare tests.

A helper module, not a conftest.py: tests import names from the top conftest (``from conftest import
ROOT``), which a second conftest.py would shadow.
"""

from __future__ import annotations

from pathlib import Path

SUBJECTS = {
    "run": ["ランニング", "マラソン", "シューズ", "ペース", "練習", "完走", "ジョギング", "筋肉"],
    "food": ["カフェ", "ランチ", "ケーキ", "パスタ", "コーヒー", "デザート", "メニュー", "スイーツ"],
    "tech": ["スマートフォン", "アプリ", "カメラ", "バッテリー", "画面", "充電", "プログラミング", "端末"],
}


def synthetic_text(words: list[str], i: int) -> str:
    """A short post about six of a subject's words, starting at word i."""
    pick = [words[(i + j) % len(words)] for j in range(6)]
    return "".join(f"今日は{w}について考えた。" for w in pick) + f"{pick[0]}と{pick[1]}の話。"


def write_corpus(root: Path) -> Path:
    """<subject>/<n>.txt under root: the synthetic three-subject corpus, category = folder name."""
    for name, words in SUBJECTS.items():
        folder = root / name
        folder.mkdir()
        for i in range(4):
            (folder / f"{name}{i}.txt").write_text(synthetic_text(words, i * 2) + "\n", encoding="utf-8")
    return root
