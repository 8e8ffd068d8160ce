"""Decoding Japanese text files: UTF-8 (BOM or not), UTF-16, Shift_JIS/CP932, EUC-JP; junk refused."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from jpblog_nlp import load_post
from jpblog_nlp.errors import EmptyPostError, InputError
from jpblog_nlp.sources.decode import decode_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "itochan-influence.txt"
TITLE = "【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる"


@pytest.fixture(scope="module")
def sample_text() -> str:
    # The sample holds NO-BREAK SPACEs, which Shift_JIS and EUC-JP cannot store; an editor saving it in
    # those encodings writes plain spaces instead, so every variant is made from that version.
    return SAMPLE.read_text(encoding="utf-8").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-16", b"", "utf-16"),  # Python writes the BOM itself
        ("cp932", b"", "cp932"),
        ("shift_jis", b"", "cp932"),  # CP932 is Microsoft's superset of Shift_JIS
        ("euc_jp", b"", "euc_jp"),
    ],
)
def test_same_post_in_every_encoding(
    tmp_path: Path, sample_text: str, encoding: str, prefix: bytes, detected: str
) -> None:
    data = prefix + sample_text.encode(encoding)
    assert decode_bytes(data, "x") == (sample_text, detected)
    path = tmp_path / f"post-{encoding}.txt"
    path.write_bytes(data)
    reference = tmp_path / "post.txt"
    reference.write_text(sample_text, encoding="utf-8")
    post, expected = load_post(path), load_post(reference)
    assert post.title == TITLE
    assert (post.text, post.title, post.blog, post.hashtags, post.urls) == (
        expected.text, expected.title, expected.blog, expected.hashtags, expected.urls,
    )


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("こんにちは", "cp932"),
        ("こんにちは", "euc_jp"),
        ("今日は晴れ。明日は雨らしい。", "cp932"),
        ("今日は晴れ。明日は雨らしい。", "euc_jp"),
        ("ＳＮＳ歴７年のボク①", "cp932"),  # full-width letters and a NEC special character
        ("表示・ソフト・能力", "cp932"),  # 表/ソ/能 have 0x5C as second byte in Shift_JIS
    ],
)
def test_short_legacy_texts(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "x") == (text, encoding)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00\x01\x02\x03junk",  # a UTF-16 byte order mark in front of junk
        b"\xfe\xff\x01\x00\x02\x00\x03\x00",
        b"\xff\xfe\x00\xd8",  # lone surrogate
        b"\xef\xbb\xbf\xff\xfe broken after a UTF-8 BOM",
        b"\x81\x81\x81\xff\xff\xff",  # none of UTF-8, CP932, EUC-JP
    ],
)
def test_undecodable_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_post(path)
    assert not isinstance(info.value, EmptyPostError)
    assert str(info.value).startswith(f"{path}: ")
    assert "UTF-8" in str(info.value)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("low", [0x80, 0xA1])
def test_random_high_bytes_are_refused(seed: int, low: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(low, 256) for _ in range(64))
    with pytest.raises(InputError):
        decode_bytes(data, "random.bin")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # a zip / docx
        bytes(range(256)),
    ],
)
def test_binary_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="looks like a binary file") as info:
        load_post(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"   \t  \n", "\u3000\u3000\n\u00a0\n".encode(), codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n"],
)
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(EmptyPostError) as info:
        load_post(path)
    assert str(path) in str(info.value)
