"""CLI: jpblog tokenize."""

import json

from jpblog_nlp.cli import main


def test_tokenize_tsv_from_stdin(runner):
    result = runner.invoke(main, ["tokenize", "-"], input="影響力")
    assert result.exit_code == 0
    assert result.output == (
        "surface\tlemma\tpos\treading\tstart\tend\n"
        "影響\t影響\t名詞-普通名詞-サ変可能\tエーキョー\t0\t2\n"
        "力\t力\t接尾辞-名詞的-一般\tリョク\t2\t3\n"
    )


def test_tokenize_terms_json(runner):
    result = runner.invoke(main, ["tokenize", "--terms", "--format", "json", "-"], input="オンラインサロンの影響力")
    assert result.exit_code == 0
    assert [(t["term"], t["kind"], t["units"]) for t in json.loads(result.output)] == [
        ("オンラインサロン", "compound", 3),
        ("影響力", "compound", 2),
    ]
