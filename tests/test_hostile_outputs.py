"""Issue 14, outputs and the command line: --out checked first, a report folder replaced whole, escaped exports.

The notebook run (about 15 s) is replaced by a stand-in that writes tables the way the
notebook does (``ReportTable.save``) into the folder it is given; one real build at the end
checks the whole route.  Expected texts are written here from the issue, not taken from the code.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import signal
from pathlib import Path

import pandas as pd
import pytest
from conftest import folder_fingerprint, write_small_campaign

import tdkt_eval.io
import tdkt_eval.io.folder
import tdkt_eval.output
import tdkt_eval.reporting
import tdkt_eval.reporting.render as render
from tdkt_eval.errors import InvalidArgumentTypeError, OutputPathError
from tdkt_eval.cli import main
from tdkt_eval.reporting import ReportTable, build_report

HOSTILE = Path(__file__).parent / "bad_inputs" / "issue14" / "outputs" / "hostile_names.csv"
HOSTILE_SHA256 = "aed9ed57d459a12353d576c656776af61816899fd7d4883862c17090204b90ee"
MARKER = ".tdkt-report"


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("TDKT_LANG", raising=False)
    monkeypatch.delenv("TDKT_PROGRESS", raising=False)
    monkeypatch.chdir(tmp_path)


def hostile_names() -> list[str]:
    with open(HOSTILE, encoding="utf-8", newline="") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def test_hostile_names_file_is_unchanged():
    assert hashlib.sha256(HOSTILE.read_bytes()).hexdigest() == HOSTILE_SHA256


# ---------------------------------------------------------------- a stand-in for the notebook run
class StandIn:
    """Replaces render._execute: writes ``tables`` into the out_dir it is given; ``stop`` makes it raise."""

    def __init__(self, monkeypatch, tables=("a", "b")):
        self.tables, self.stop, self.calls = tables, None, []
        monkeypatch.setattr(render, "_execute", self)
        monkeypatch.setattr(render, "to_html", lambda nb, lang: f"<html>{'/'.join(self.tables)}</html>\n")

    def __call__(self, parameters, progress, on_step=None):
        self.calls.append(parameters)
        for name in self.tables:
            ReportTable(pd.DataFrame({"Đơn vị": ["U1"], "Số": [1]}), name, f"Bảng {name}").save(
                Path(parameters["out_dir"]) / "tables")
        if self.stop is not None:
            raise self.stop
        return object()


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if the data folder is read: the output path must be refused before any work."""
    def refuse(*args, **kwargs):
        raise AssertionError("the data folder was read before --out was checked")

    monkeypatch.setattr(tdkt_eval.io, "check_folder", refuse)
    monkeypatch.setattr(render, "_execute", refuse)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def leftovers(parent: Path) -> list[str]:
    """Temporary or set-aside folders beside a report (their names start with a dot)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def earlier_report(folder: Path, monkeypatch) -> dict[str, str]:
    """Build a report with tables a, b and c into ``folder``; return its fingerprint."""
    StandIn(monkeypatch, tables=("a", "b", "c"))
    build_report(write_small_campaign(folder.parent / "data_earlier"), folder)
    return folder_fingerprint(folder)


# ---------------------------------------------------------------- --out checked before any work
@pytest.mark.parametrize("lang, expected", [("en", "is a file"), ("vi", "là một tệp")])
def test_out_that_is_a_file_is_a_usage_error_before_any_work(small_campaign, tmp_path, no_work, capsys,
                                                             lang, expected):
    out = tmp_path / "report.html"
    out.write_text("an earlier page")
    assert main(["report", str(small_campaign), "--out", str(out), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(out) in err and "Traceback" not in err
    assert out.read_text() == "an earlier page"


@pytest.mark.parametrize("lang, expected", [("en", "is a file, not a folder"), ("vi", "là một tệp, không phải thư mục")])
def test_out_under_a_file_is_a_usage_error_before_any_work(small_campaign, tmp_path, no_work, capsys, lang, expected):
    """An unwritable place, as root can meet it: a path whose parent is a file."""
    (tmp_path / "somefile.txt").write_text("x")
    assert main(["report", str(small_campaign), "--out", str(tmp_path / "somefile.txt" / "out"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err and "somefile.txt" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; test_out_under_a_file covers this as root")
def test_out_in_a_read_only_folder_is_a_usage_error(small_campaign, tmp_path, no_work, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["report", str(small_campaign), "--out", str(locked / "out")]) == 2
    finally:
        locked.chmod(0o700)
    assert "no permission" in capsys.readouterr().err


def test_problems_file_that_is_a_folder_is_refused_before_validating(small_campaign, tmp_path, no_work, capsys):
    (tmp_path / "problems").mkdir()
    assert main(["validate", str(small_campaign), "--problems", str(tmp_path / "problems"), "--lang", "vi"]) == 2
    assert "đó là một thư mục" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["demo", "--out"], ["instruments", "codebook", "--out"]])
def test_other_out_folders_are_checked_first(tmp_path, capsys, command):
    (tmp_path / "a_file").write_text("x")
    assert main([*command, str(tmp_path / "a_file")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_out_that_holds_the_data_folder_is_refused(tmp_path, no_work, capsys):
    data = write_small_campaign(tmp_path / "project" / "data")
    (tmp_path / "project" / MARKER).write_text("")
    assert main(["report", str(data), "--out", str(tmp_path / "project")]) == 2
    assert "would replace the data" in capsys.readouterr().err


# ---------------------------------------------------------------- one run's files, the marker, foreign folders
def test_a_reused_report_folder_holds_only_the_new_runs_files(small_campaign, tmp_path, monkeypatch, capsys):
    out = tmp_path / "bao_cao"
    earlier_report(out, monkeypatch)
    assert (out / "tables" / "c.md").is_file() and (out / MARKER).is_file()
    StandIn(monkeypatch, tables=("a",))
    assert main(["report", str(small_campaign), "--out", str(out)]) == 0
    assert listing(out) == [MARKER, "report.html", "tables", "tables/a.csv", "tables/a.md", "tables/a.tex",
                            "tables/a.xlsx"]
    assert leftovers(tmp_path) == []
    assert oct((out / "report.html").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_a_new_report_folder_gets_the_marker_with_both_languages(small_campaign, tmp_path, monkeypatch):
    StandIn(monkeypatch)
    build_report(small_campaign, tmp_path / "new" / "deep")
    note = (tmp_path / "new" / "deep" / MARKER).read_text(encoding="utf-8")
    assert "tdkt-eval report" in note and "Thư mục này" in note


def test_an_empty_folder_is_used(small_campaign, tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    StandIn(monkeypatch)
    assert build_report(small_campaign, tmp_path / "empty").is_file()


@pytest.mark.parametrize("lang, expected", [("en", "already holds other files (notes.docx)"),
                                            ("vi", "đã có các tệp khác (notes.docx)")])
def test_a_folder_with_foreign_files_and_no_marker_is_never_overwritten(small_campaign, tmp_path, no_work, capsys,
                                                                        lang, expected):
    out = tmp_path / "my_documents"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"a user's own file")
    before = folder_fingerprint(out)
    assert main(["report", str(small_campaign), "--out", str(out), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert folder_fingerprint(out) == before and leftovers(tmp_path) == []


def test_an_unmarked_report_from_before_the_marker_is_replaced(small_campaign, tmp_path, monkeypatch):
    out = tmp_path / "reports" / "demo"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "old.csv").write_text("old")
    (out / "report.html").write_text("old page")
    StandIn(monkeypatch, tables=("a",))
    build_report(small_campaign, out)
    assert "tables/old.csv" not in listing(out) and (out / MARKER).is_file()


def test_an_unmarked_folder_with_one_more_file_is_refused(small_campaign, tmp_path, no_work, capsys):
    out = tmp_path / "reports"
    (out / "tables").mkdir(parents=True)
    (out / "report.html").write_text("old page")
    (out / "budget.xlsx").write_bytes(b"a user's own file")
    assert main(["report", str(small_campaign), "--out", str(out)]) == 2
    assert "already holds other files (budget.xlsx, report.html, tables)" in capsys.readouterr().err


def test_build_report_refuses_a_foreign_folder_too(small_campaign, tmp_path, monkeypatch):
    StandIn(monkeypatch)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "x.txt").write_text("mine")
    with pytest.raises(OutputPathError, match="already holds other files"):
        build_report(small_campaign, tmp_path / "mine")


# ---------------------------------------------------------------- Ctrl+C and failures leave the old report whole
@pytest.mark.parametrize("where", ["notebook", "page", "marker"])
def test_ctrl_c_while_writing_leaves_the_old_report_whole(small_campaign, tmp_path, monkeypatch, capsys, where):
    out = tmp_path / "bao_cao"
    before = earlier_report(out, monkeypatch)
    stand_in = StandIn(monkeypatch, tables=("new",))
    if where == "notebook":
        stand_in.stop = KeyboardInterrupt()
    elif where == "page":
        monkeypatch.setattr(render, "to_html", _interrupt)
    else:  # the very last file written into the new folder, before it is moved into place
        real = tdkt_eval.output.write_text_atomic
        monkeypatch.setattr(tdkt_eval.output, "write_text_atomic",
                            lambda path, text: _interrupt() if Path(path).name == MARKER else real(path, text))
    assert main(["report", str(small_campaign), "--out", str(out)]) == 130
    assert "Interrupted" in capsys.readouterr().err
    assert folder_fingerprint(out) == before and leftovers(tmp_path) == []


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_that_reaches_the_kernel_first_is_an_interrupt_not_a_bug(monkeypatch):
    """A terminal's Ctrl+C goes to the notebook's kernel too; its KeyboardInterrupt must not read as a bug."""
    import papermill

    def execute_notebook(*args, **kwargs):
        raise papermill.PapermillExecutionError(3, 1, "x = 1", "KeyboardInterrupt", "", [])

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    with pytest.raises(KeyboardInterrupt):
        render._execute({}, False)


def test_ctrl_c_between_the_renames_puts_the_old_report_back(small_campaign, tmp_path, monkeypatch):
    out = tmp_path / "bao_cao"
    before = earlier_report(out, monkeypatch)
    StandIn(monkeypatch, tables=("new",))
    real, calls = Path.rename, []

    def rename(self, target):
        calls.append(target)
        if len(calls) == 2:  # the new folder onto the target, after the old one was set aside
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build_report(small_campaign, out)
    assert folder_fingerprint(out) == before and leftovers(tmp_path) == []


def test_ctrl_c_during_the_swap_is_held_until_the_new_report_is_in_place(small_campaign, tmp_path, monkeypatch,
                                                                        capsys):
    out = tmp_path / "bao_cao"
    earlier_report(out, monkeypatch)
    StandIn(monkeypatch, tables=("new",))
    real = tdkt_eval.output._swap_into_place

    def swap(new, target):
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl+C, delivered in the middle of the move
        real(new, target)

    monkeypatch.setattr(tdkt_eval.output, "_swap_into_place", swap)
    assert main(["report", str(small_campaign), "--out", str(out)]) == 130
    assert "tables/new.md" in listing(out) and "tables/a.md" not in listing(out)
    assert leftovers(tmp_path) == []


def test_a_data_error_in_the_notebook_leaves_the_old_report_and_no_temporary_folder(small_campaign, tmp_path,
                                                                                     monkeypatch, capsys):
    from tdkt_eval.errors import TdktInputError

    out = tmp_path / "bao_cao"
    before = earlier_report(out, monkeypatch)
    StandIn(monkeypatch, tables=("new",)).stop = TdktInputError("The report stopped on a data problem.",
                                                                 fix="Run 'tdkt-eval validate'.")
    assert main(["report", str(small_campaign), "--out", str(out)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert folder_fingerprint(out) == before and leftovers(tmp_path) == []


# ---------------------------------------------------------------- Markdown and LaTeX exports
def hostile_table() -> ReportTable:
    names = hostile_names()
    return ReportTable(pd.DataFrame({"Đơn vị <b>": names, "Số": range(len(names))}), "hostile",
                       caption="Bảng <script>x</script> \\input{/etc/passwd}",
                       note="Nguồn: <img src=x onerror=alert(1)>\n\\input{/etc/shadow}")


def test_markdown_export_escapes_html_links_and_pipes(tmp_path):
    hostile_table().save(tmp_path)
    text = (tmp_path / "hostile.md").read_text(encoding="utf-8")
    for raw in ("<script", "<img", "<b>"):
        assert raw not in text, raw
    assert not re.search(r"(?<!\\)\]\(", text)  # "[x](javascript:…)" is no link: its brackets are escaped
    assert "&lt;script&gt;alert('tdkt')&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    table_lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table_lines) == 2 + len(hostile_names())  # a name's line break or pipe makes no new row or cell
    assert {len(re.findall(r"(?<!\\)\|", line)) for line in table_lines} == {3}  # two cells on every line


def test_latex_export_escapes_tex_and_keeps_the_note_a_comment(tmp_path):
    hostile_table().save(tmp_path)
    text = (tmp_path / "hostile.tex").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.startswith("%"))
    assert "\\input{" not in code and "\\immediate" not in code and "\\write18" not in code
    assert "\\textbackslash input\\{/etc/passwd\\}" in text or "\\textbackslash{}input\\{/etc/passwd\\}" in text
    note_lines = [line for line in text.splitlines() if "shadow" in line]
    assert len(note_lines) == 1 and note_lines[0].startswith("% ")
    assert "x\\_1 \\textasciicircum" in text


def test_html_of_a_table_escapes_names():
    page = hostile_table()._repr_html_()
    assert "<script" not in page and "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


# ---------------------------------------------------------------- one error hierarchy at the door
def test_a_bug_gives_exit_3_and_a_bilingual_message(small_campaign, tmp_path, monkeypatch, capsys):
    StandIn(monkeypatch).stop = ZeroDivisionError("cell 'Nguyễn Thị Hoa'")
    assert main(["report", str(small_campaign), "--out", str(tmp_path / "r"), "--lang", "vi"]) == 3
    err = capsys.readouterr().err
    assert "lỗi nội bộ (ZeroDivisionError)" in err and "--debug" in err
    assert "Traceback" not in err and "Nguyễn" not in err
    assert leftovers(tmp_path) == [] and not (tmp_path / "r").exists()


def test_debug_keeps_the_traceback_of_a_bug(small_campaign, tmp_path, monkeypatch):
    StandIn(monkeypatch).stop = ZeroDivisionError("a bug")
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "report", str(small_campaign), "--out", str(tmp_path / "r")])
    assert leftovers(tmp_path) == []


def test_a_wrong_argument_type_is_a_usage_error(small_campaign, tmp_path, monkeypatch, capsys):
    StandIn(monkeypatch).stop = InvalidArgumentTypeError("The 'years' parameter must be a list of int. Got 'x'.")
    assert main(["report", str(small_campaign), "--out", str(tmp_path / "r")]) == 2
    assert "Got 'x'." in capsys.readouterr().err


def test_a_refused_write_is_a_message_not_a_traceback(small_campaign, tmp_path, monkeypatch, capsys):
    import errno

    StandIn(monkeypatch).stop = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "r"))
    assert main(["report", str(small_campaign), "--out", str(tmp_path / "r"), "--lang", "vi"]) == 1
    err = capsys.readouterr().err
    assert "hết chỗ trên đĩa" in err and "Traceback" not in err


# ---------------------------------------------------------------- validate carries on after a bug on one file
@pytest.mark.parametrize("step", ["_load_source", "read_raw"])
def test_validate_carries_on_after_a_bug_on_one_file(small_campaign, monkeypatch, capsys, step):
    real = getattr(tdkt_eval.io.folder, step)

    def broken(source, *args, **kwargs):
        path = source.path if step == "_load_source" else Path(source)
        if path.name.startswith("kiem_tra"):
            raise RuntimeError("a bug quoting 'Nguyễn Thị Hoa'")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(tdkt_eval.io.folder, step, broken)
    if step == "read_raw":  # make the file be read by content, where read_raw is called first
        (small_campaign / "kiem_tra.csv").rename(small_campaign / "kiem_tra_2023_x.csv")
        monkeypatch.setattr(tdkt_eval.io.folder, "kind_from_name", lambda stem: None)
    assert main(["validate", str(small_campaign)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out and "Nguyễn" not in captured.out
    lines = captured.out.splitlines()
    broken_line = next(i for i, line in enumerate(lines) if "kiem_tra" in line)
    assert lines[broken_line].startswith("[ERROR")
    assert "unexpected problem (RuntimeError)" in lines[broken_line + 1]
    assert sum(line.startswith(("[OK", "[WARNING")) for line in lines) == 4  # the other files were checked


def test_validate_with_debug_prints_the_bugs_traceback_and_carries_on(small_campaign, monkeypatch, capsys):
    real = tdkt_eval.io.folder._load_source

    def broken(source, *args, **kwargs):
        if source.path.name == "kiem_tra.csv":
            raise RuntimeError("the bug")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(tdkt_eval.io.folder, "_load_source", broken)
    assert main(["validate", str(small_campaign), "--debug"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" in captured.err and "RuntimeError: the bug" in captured.err
    assert "--- kiem_tra.csv" in captured.err and "[OK" in captured.out


# ---------------------------------------------------------------- the one real build
def test_real_build_replaces_an_earlier_report_whole_and_escapes_names(tmp_path):
    """The notebook really runs (≈15 s): a stale table and page are gone, the marker is there."""
    data = write_small_campaign(tmp_path / "data")
    units = data / "don_vi.csv"
    units.write_bytes(units.read_bytes().replace("Huyện Kim Sơn".encode(), b"<img src=x onerror=alert(1)>"))
    out = tmp_path / "bao_cao"
    (out / "tables").mkdir(parents=True)
    (out / MARKER).write_text("")
    (out / "tables" / "stale_from_2022.md").write_text("old")
    (out / "report.html").write_text("old page")
    before = folder_fingerprint(data)
    assert main(["report", str(data), "--out", str(out)]) in (0, 1)
    names = listing(out)
    assert "tables/stale_from_2022.md" not in names and MARKER in names and "tables/summary.md" in names
    assert (out / "report.html").read_text(encoding="utf-8") != "old page"
    shown = [path for path in out.rglob("*") if path.suffix in (".md", ".html")]  # where HTML would run
    assert all("<img src=x" not in path.read_text(encoding="utf-8") for path in shown)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in path.read_text(encoding="utf-8")
               for path in shown if path.suffix == ".md")  # the name did reach a Markdown table
    assert leftovers(tmp_path) == [] and folder_fingerprint(data) == before


def test_an_unmarked_folder_of_someone_elses_figures_is_never_taken_for_an_old_report(tmp_path):
    from tdkt_eval.output import check_output_folder

    mine = tmp_path / "mywork"
    (mine / "figures").mkdir(parents=True)
    (mine / "figures" / "thesis_fig1.png").write_bytes(b"png")  # no report.html: not an earlier report
    with pytest.raises(OutputPathError):
        check_output_folder(mine, marker=".tdkt-report", unmarked=("report.html", "figures", "tables"))
    (mine / "report.html").write_text("<html></html>")
    (mine / "figures" / "notes.docx").write_bytes(b"doc")  # a file a report never writes
    with pytest.raises(OutputPathError):
        check_output_folder(mine, marker=".tdkt-report", unmarked=("report.html", "figures", "tables"))
    (mine / "figures" / "notes.docx").unlink()
    assert check_output_folder(mine, marker=".tdkt-report", unmarked=("report.html", "figures", "tables")) == mine


def test_the_problems_spreadsheet_takes_missing_values(tmp_path):
    from openpyxl import load_workbook

    from tdkt_eval.output import write_xlsx_atomic

    path = write_xlsx_atomic(tmp_path / "x.xlsx", pd.DataFrame({"a": [pd.NA, 1, None]}))
    assert [c.value for c in load_workbook(path).active["A"]] == ["a", None, 1, None]
