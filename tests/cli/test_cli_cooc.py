"""CLI: jpblog cooc."""


from jpblog_nlp.cli import main


def test_cooc_csv(runner):
    result = runner.invoke(main, ["cooc", "-", "--min-count", "1"], input="SNSの影響力。SNSで影響力を持つ。共感と影響力。共感。")
    assert result.exit_code == 0
    assert result.stdout == (
        "source,target,cooc,source_count,target_count,jaccard,pmi,npmi,source_norm,target_norm\n"
        "SNS,影響力,2,2,3,0.6667,0.415,0.415,sns,影響力\n"
        "影響力,共感,1,3,2,0.25,-0.585,-0.2925,影響力,共感\n"
    )


def test_cooc_missing_folder(runner, tmp_path):
    result = runner.invoke(main, ["cooc", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
