"""``safe_io``: outputs never clobber a device, FIFO or symlink; a regular file is replaced atomically.

Devices are ``mknod`` stand-ins in tmp_path (a clone of /dev/null or /dev/full); /dev/null itself is never
touched. Creating them needs root (CAP_MKNOD): elsewhere those tests are skipped.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from jpblog_nlp.cli import main
from jpblog_nlp.errors import InputError, JpblogError, ResourceError
from jpblog_nlp.safe_io import check_replaceable, os_error, write_bytes, write_text

POST = "今日は天気が良いので公園に行きました。とても楽しかったです。\n"


def make_device(path: Path, minor: int = 3, kind: int = stat.S_IFCHR) -> Path:
    """A device node at ``path``: minor 3 is a /dev/null clone, 7 a /dev/full clone (major 1, character)."""
    try:
        os.mknod(path, kind | 0o666, os.makedev(1 if kind == stat.S_IFCHR else 7, minor))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return path


def make_socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in a folder (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- regular files and new paths: atomic replace -------------------------------------------------------------


def test_new_file_is_created_with_usual_mode(tmp_path):
    target = tmp_path / "out.json"
    assert write_text(target, "{}\n") == target
    assert target.read_bytes() == b"{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert leftovers(tmp_path) == []


def test_regular_file_is_replaced_atomically_keeping_its_mode(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    inode = target.stat().st_ino
    write_text(target, "新しい\n")
    assert target.read_text(encoding="utf-8") == "新しい\n"
    assert target.stat().st_ino != inode  # renamed over, never rewritten in place
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_failed_replace_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("jpblog_nlp.safe_io.os.replace", full)
    with pytest.raises(ResourceError) as caught:
        write_text(target, "new", what="report")
    assert str(caught.value) == (f"{target}: cannot write the report: no space left on the device "
                                 "(free some space and run the command again)")
    assert caught.value.exit_code == 3
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


# -- symlinks: written through ------------------------------------------------------------------------------


def test_symlink_is_written_through(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    assert write_text(link, "new") == real
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to("sub/target.md")
    (tmp_path / "sub").mkdir()
    write_text(link, "made")
    assert link.is_symlink()
    assert (tmp_path / "sub" / "target.md").read_text(encoding="utf-8") == "made"
    assert stat.S_IMODE((tmp_path / "sub" / "target.md").stat().st_mode) == 0o644


def test_symlink_loop_is_refused(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    with pytest.raises(InputError) as caught:
        write_text(loop, "x", what="report")
    assert str(caught.value) == f"{loop}: cannot write the report: the symlink loops back on itself (fix or remove the link)"
    assert loop.is_symlink()


# -- devices and FIFOs: written through, never replaced --------------------------------------------------------


def test_device_stays_a_device(tmp_path):
    null = make_device(tmp_path / "null")
    write_bytes(null, b"x" * 100_000)
    st = null.lstat()
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


def test_symlink_to_a_device_writes_to_the_device(tmp_path):
    null = make_device(tmp_path / "null")
    link = tmp_path / "out.json"
    link.symlink_to(null)
    assert write_text(link, "{}") == null
    assert link.is_symlink() and stat.S_ISCHR(null.lstat().st_mode)


def test_full_device_is_a_resource_error(tmp_path):
    full = make_device(tmp_path / "full", minor=7)
    with pytest.raises(ResourceError) as caught:
        write_text(full, "x", what="report")
    assert str(caught.value) == (f"{full}: cannot write the report: no space left on the device "
                                 "(free some space and run the command again)")
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_fifo_with_a_reader_gets_the_bytes(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    data = os.urandom(300_000)  # more than a pipe buffer: the writer blocks until the reader reads
    read_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    # A second writer keeps the reader from seeing end-of-file before write_bytes opens the FIFO.
    keep_fd = os.open(fifo, os.O_WRONLY)
    os.set_blocking(read_fd, True)
    received = bytearray()

    def reader() -> None:
        while chunk := os.read(read_fd, 65536):
            received.extend(chunk)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        write_bytes(fifo, data)
    finally:
        os.close(keep_fd)
        thread.join(10)
        os.close(read_fd)
    assert bytes(received) == data
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_fifo_without_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        write_text(fifo, "x", what="report")
    assert str(caught.value) == (f"{fifo}: cannot write the report: no process reads this FIFO "
                                 "(start the reader first, e.g. `cat FIFO &`, or write to a regular file)")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# -- refused kinds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "message"), [
    ("dir", "cannot write the report: it is a directory (give the path of a file)"),
    ("socket", "cannot write the report: it is a socket (give the path of a file, a FIFO or a character device)"),
    ("block", "cannot write the report: it is a block device (a disk) (give the path of a file)"),
])
def test_refused_kinds(tmp_path, kind, message):
    path = tmp_path / "target"
    sock = None
    if kind == "dir":
        path.mkdir()
    elif kind == "socket":
        sock = make_socket(path)
    else:
        make_device(path, minor=0, kind=stat.S_IFBLK)
    before = path.lstat()
    try:
        with pytest.raises(InputError) as caught:
            write_text(path, "x", what="report")
    finally:
        if sock is not None:
            sock.close()
    assert str(caught.value) == f"{path}: {message}"
    after = path.lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert leftovers(tmp_path) == []


# -- owned folders: refuse anything but a regular file ------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name"), [
    ("symlink", "a symlink"), ("fifo", "a FIFO"), ("device", "a character device"), ("dir", "a directory"),
])
def test_check_replaceable_refuses(tmp_path, kind, name):
    path = tmp_path / "posts.csv"
    if kind == "symlink":
        path.symlink_to(tmp_path / "elsewhere.csv")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        make_device(path)
    else:
        path.mkdir()
    with pytest.raises(InputError) as caught:
        check_replaceable(path, what="table")
    assert str(caught.value) == (f"{path}: cannot write the table: it is {name}, which jpblog would replace "
                                 "(remove it or move it away; this file is rewritten by every run)")


def test_check_replaceable_accepts(tmp_path):
    check_replaceable(tmp_path / "missing.csv")
    (tmp_path / "file.csv").write_text("a\n")
    check_replaceable(tmp_path / "file.csv")
    (tmp_path / "parts.parquet").mkdir()
    check_replaceable(tmp_path / "parts.parquet", dir_ok=True)


@pytest.mark.parametrize(("code", "cls", "message"), [
    (errno.ENOSPC, ResourceError, "cannot write the table: no space left on the device "
                                  "(free some space and run the command again)"),
    (errno.EDQUOT, ResourceError, "cannot write the table: no space left on the device "
                                  "(free some space and run the command again)"),
    (errno.EROFS, InputError, "cannot write the table: the file system is read-only (choose a folder on a writable disk)"),
    (errno.EACCES, InputError, "cannot write the table: permission denied (choose a folder you can write to)"),
    (errno.ENOENT, InputError, "cannot write the table: its folder does not exist "
                               "(create the folder first, or check the path)"),
    (errno.EIO, InputError, "cannot write the table: Input/output error (check that the path is a writable file)"),
])
def test_os_error_mapping(code, cls, message):
    err = os_error(OSError(code, os.strerror(code)), "out/t.csv", "table")
    assert type(err) is cls and isinstance(err, JpblogError)
    assert str(err) == f"out/t.csv: {message}"


# -- every writer uses it ------------------------------------------------------------------------------------------


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    return path


def test_cli_analyze_onto_a_device_leaves_it_a_device(tmp_path, post):
    null = make_device(tmp_path / "null")
    result = CliRunner().invoke(main, ["analyze", str(post), "--format", "json", "-o", str(null)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"jpblog: wrote json report to {null}\n"
    assert stat.S_ISCHR(null.lstat().st_mode) and null.lstat().st_rdev == os.makedev(1, 3)


def test_cli_analyze_onto_a_fifo_without_reader(tmp_path, post):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["analyze", str(post), "--format", "json", "-o", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr == (f"jpblog: error: {fifo}: cannot write the report: no process reads this FIFO "
                             "(start the reader first, e.g. `cat FIFO &`, or write to a regular file)\n")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_cli_analyze_through_a_symlink(tmp_path, post):
    link = tmp_path / "report.md"
    link.symlink_to("real.md")
    result = CliRunner().invoke(main, ["analyze", str(post), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8").startswith("# ")


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(POST, encoding="utf-8")
    (root / "b.txt").write_text("新しいカメラを買いました。写真を撮るのが楽しみです。\n", encoding="utf-8")
    return root


def test_batch_refuses_a_symlink_where_a_table_goes(tmp_path):
    root = _corpus(tmp_path)
    out = tmp_path / "results"
    out.mkdir()
    mine = tmp_path / "precious.csv"
    mine.write_text("keep me\n", encoding="utf-8")
    (out / "posts.csv").symlink_to(mine)
    result = CliRunner().invoke(main, ["batch", str(root), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        f"jpblog: error: {out}/posts.csv: cannot write the posts table: it is a symlink, which jpblog would replace "
        "(remove it or move it away; this file is rewritten by every run)")
    assert (out / "posts.csv").is_symlink() and mine.read_text(encoding="utf-8") == "keep me\n"
    assert leftovers(out) == []
    # The analyses are kept: once the link is gone, the rerun analyses nothing again.
    (out / "posts.csv").unlink()
    again = CliRunner().invoke(main, ["batch", str(root), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert "0 analysed in this run, 2 unchanged" in again.stderr


def test_batch_writes_its_report_through_a_symlink(tmp_path):
    root = _corpus(tmp_path)
    out = tmp_path / "results"
    out.mkdir()
    (tmp_path / "site").mkdir()
    (out / "report.html").symlink_to(tmp_path / "site" / "index.html")
    result = CliRunner().invoke(main, ["batch", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "report.html").is_symlink()
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").startswith("<!")


def test_fetch_folder_refuses_a_fifo_manifest_and_a_symlinked_post(tmp_path):
    from jpblog_nlp.text.records import Post
    from jpblog_nlp.web.mirror import MANIFEST, Mirror
    from jpblog_nlp.web.page import Page

    folder = tmp_path / "fifo-folder"
    folder.mkdir()
    os.mkfifo(folder / MANIFEST)
    with pytest.raises(InputError) as caught:
        Mirror(folder)  # would block for ever reading the FIFO
    assert str(caught.value) == (f"{folder / MANIFEST}: cannot write the fetch manifest: it is a FIFO, which jpblog "
                                 "would replace (remove it or move it away; this file is rewritten by every run)")

    corpus = Mirror(tmp_path / "posts")
    url = "https://example.com/entry/hello"
    name = corpus.file_for(url)
    outside = tmp_path / "outside.md"
    (tmp_path / "posts" / name).symlink_to(outside)
    post = Post(id="x", title="T", text="本文です。", url=url)
    with pytest.raises(InputError, match="cannot write the post: it is a symlink, which jpblog would replace"):
        corpus.save(url, Page(url=url, status=200, content=b""), post, "t")
    assert not outside.exists() and (tmp_path / "posts" / name).is_symlink()


def test_background_table_writer_uses_safe_io(tmp_path):
    import gzip

    from jpblog_nlp.keywords import Background, write_background

    fifo = tmp_path / "bg.tsv.gz"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="cannot write the background table: no process reads this FIFO"):
        write_background(Background(2, {"公園": 1}, "test"), str(fifo))
    link = tmp_path / "link.tsv.gz"
    link.symlink_to("real.tsv.gz")
    write_background(Background(2, {"公園": 1, "写真": 2}, "test"), str(link))
    assert link.is_symlink()
    assert gzip.decompress((tmp_path / "real.tsv.gz").read_bytes()).decode() == "#n_docs\t2\n公園\t1\n写真\t2\n"
