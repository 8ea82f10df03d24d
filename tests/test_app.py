"""The council app without a browser: its private folder, its check, its settings, its report, its server.

The page itself is driven in headless Chromium by tests/test_app_browser.py; here each step is
called as the page calls it.  Expectations for broken folders come from tests/council/EXPECTED.csv
(what a council officer expects to read), not from the loader's messages.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import re
import unicodedata
import urllib.error
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from tdkt_eval.app import server
from tdkt_eval.app.session import Settings, build, check_data, default_settings
from tdkt_eval.app.ui import CouncilApp
from tdkt_eval.app.workspace import Workspace, safe_name
from tdkt_eval.cli import main
from tdkt_eval.errors import ArchiveError, ResourceLimitError, TdktInputError
from tdkt_eval.io.limits import MAX_FILE_MB_VARIABLE
from tdkt_eval.paths import demo_dir
from tdkt_eval.reporting.render import REPORT_STEPS, report_step

from test_council import CASES, CORPUS, _fold

BROKEN = [c for c in CASES if c["exit"] == "1"]
NOW = datetime.datetime(2026, 12, 7, tzinfo=datetime.timezone.utc)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _text(fragment: str) -> str:
    """Page HTML as the reader sees it: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


# -- the private folder ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("upload", "stored"), [
    ("khen_thuong_2023.xlsx", "khen_thuong_2023.xlsx"),
    ("../../etc/cron.d/evil.csv", "evil.csv"),
    ("C:\\Users\\Lan\\Desktop\\DS khen thưởng (1).xlsx", "DS khen thưởng (1).xlsx"),
    ("/absolute/path.csv", "path.csv"),
    (".hidden", "hidden"),
    ("..", "tep"),
    ("a\0b;rm -rf *.csv", "a_b_rm -rf _.csv"),
    (unicodedata.normalize("NFD", "Khen thưởng.csv"), "Khen thưởng.csv"),  # macOS file names arrive in NFD
])
def test_upload_names_become_plain_names_inside_the_folder(upload, stored):
    assert safe_name(upload) == stored
    assert unicodedata.is_normalized("NFC", safe_name(upload))


def test_a_long_name_keeps_its_suffix():
    name = safe_name("x" * 500 + ".xlsx")
    assert len(name) == 120 and name.endswith(".xlsx")


def test_workspace_is_private_and_removed_when_closed():
    ws = Workspace()
    assert ws.root.stat().st_mode & 0o077 == 0  # only its user can read it
    ws.add("../khen_thuong.csv", b"a,b\n1,2\n")
    assert [p.name for p in ws.files()] == ["khen_thuong.csv"]
    assert (ws.uploads / "khen_thuong.csv").read_bytes() == b"a,b\n1,2\n"
    assert not (ws.root.parent / "khen_thuong.csv").exists()
    ws.close()
    assert not ws.root.exists()


def test_dropping_a_file_again_replaces_it():
    with Workspace() as ws:
        ws.add("don_vi.csv", b"old")
        ws.add("don_vi.csv", b"new")
        assert [p.read_bytes() for p in ws.files()] == [b"new"]


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setenv(MAX_FILE_MB_VARIABLE, "1")
    with Workspace() as ws:
        with pytest.raises(ResourceLimitError) as caught:
            ws.add("khen_thuong.csv", b"x" * (1024 * 1024 + 1))
        assert ws.files() == []
    assert "TDKT_MAX_FILE_MB" in caught.value.fix_text.render("vi")


def test_a_zip_is_unpacked_flat_and_safely():
    archive = _zip({"export/khen_thuong.csv": b"a\n1\n", "../../escape.csv": b"b\n2\n",
                    "__MACOSX/._khen_thuong.csv": b"junk", "khac/khen_thuong.csv": b"c\n3\n", "thu_muc/": b""})
    with Workspace() as ws:
        added = ws.add("du_lieu.zip", archive)
        assert sorted(added.written) == ["escape.csv", "khen_thuong (2).csv", "khen_thuong.csv"]
        assert sorted(p.name for p in ws.root.rglob("*") if p.is_file()) == sorted(added.written)
        assert not (ws.root.parent / "escape.csv").exists()


def test_a_damaged_or_empty_zip_says_so_in_both_languages():
    with Workspace() as ws:
        with pytest.raises(ArchiveError) as damaged:
            ws.add("xuat_kobo.zip", b"not a zip at all")
        assert "ZIP" in damaged.value.problem_text.render("vi") and damaged.value.fix_text.render("vi")
        with pytest.raises(TdktInputError) as empty:
            ws.add("rong.zip", _zip({"thu_muc/": b""}))
        assert "không chứa tệp nào" in empty.value.problem_text.render("vi")
        assert "holds no files" in empty.value.problem_text.render("en")
        assert ws.files() == []


def test_a_zip_bomb_is_refused():
    bomb = _zip({"khen_thuong.csv": b"0" * (40 * 1024 * 1024)})  # packs about 1000 to 1
    with Workspace() as ws, pytest.raises(ResourceLimitError):
        ws.add("bom.zip", bomb)


def test_a_folder_pointed_to_is_read_where_it_is_and_never_written(tmp_path):
    folder = tmp_path / "du_lieu"
    folder.mkdir()
    (folder / "don_vi.csv").write_bytes(b"x\n")
    before = sorted(folder.rglob("*"))
    with Workspace(folder) as ws:
        assert ws.files() == [folder / "don_vi.csv"]
    assert sorted(folder.rglob("*")) == before and folder.exists()


@contextmanager
def _app_on(folder: Path | str, lang: str = "vi"):
    """The app with ``folder`` chosen in step 1, closed afterwards."""
    app = CouncilApp(lang=lang)
    try:
        app.folder.value = str(folder)
        app.use_folder()
        yield app
    finally:
        app.close()


# -- check, settings, report -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_checked():
    with Workspace(demo_dir()) as ws:
        yield check_data(ws)


def test_demo_check_lists_each_file_with_its_table(demo_checked):
    sources = demo_checked.sources("vi")
    assert list(sources.columns) == ["Tệp", "Trang tính", "Bảng dữ liệu", "Số dòng", "Trạng thái", "Ghi chú"]
    rewards = sources[sources["Tệp"] == "rewards.csv"].iloc[0]
    assert rewards["Bảng dữ liệu"] == "Khen thưởng" and rewards["Trạng thái"] == "Đạt"
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", rewards["Số dòng"])  # Vietnamese thousands: 12.345
    unused = sources[sources["Trạng thái"] == "Không dùng"]
    assert "PLANTED.md" in set(unused["Tệp"]) and unused["Ghi chú"].str.len().gt(0).all()
    assert demo_checked.errors == 0 and demo_checked.problems("vi").empty


def test_settings_default_to_the_whole_data(demo_checked):
    defaults = default_settings(demo_checked, "en")
    years = pd.read_csv(demo_dir() / "rewards.csv")["year"]
    assert defaults.years[0] <= years.min() and defaults.years[1] >= years.max()
    assert defaults.movement is None and defaults.k_min == 5 and defaults.lang == "en"
    assert set(demo_checked.movements) == set(pd.read_csv(demo_dir() / "movements.csv")["movement_id"])


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c["folder"])
def test_broken_folder_problems_are_told_in_vietnamese(case):
    with _app_on(CORPUS / case["folder"]) as app:
        shown = _fold(_text(app.problems_view.value + app.check_summary.value + app.sources_view.value))
        for fragment in filter(None, case["fragments"].split(";")):
            if re.fullmatch(r"dòng \d+", fragment):  # the table has a column of rows instead
                fragment = fragment.removeprefix("dòng ")
            assert any(_fold(option) in shown for option in fragment.split("|")), (fragment, shown)
        assert "Traceback" not in shown and "fix:" not in shown


def test_problems_sort_and_download_as_a_spreadsheet():
    with _app_on(CORPUS / "26_nhieu_loi_mot_lan") as app:
        problems = app.checked.problems("vi")
        assert len(problems) >= 2
        app.sort_by.value, app.descending.value = "Dòng", True
        body = app.problems_view.value.split("<tbody>")[1]
        shown_rows = [re.findall(r"<td>(.*?)</td>", row, re.S)[4] for row in body.split("</tr>")[:-1]]
        assert shown_rows == sorted(problems["Dòng"].astype(str), reverse=True)
        link = re.search(r'download="(van_de\.xlsx)" href="data:[^;]+;base64,([^"]+)"', app.problems_link.value)
        saved = pd.read_excel(io.BytesIO(base64.b64decode(link[2])))
        assert saved["Vấn đề"].tolist()[:len(problems)] == problems["Vấn đề"].tolist()


def test_the_page_switches_language_in_place():
    with _app_on(CORPUS / "26_nhieu_loi_mot_lan") as app:
        assert app.build_button.description == "Lập báo cáo" and "Vấn đề" in app.problems_view.value
        app.set_lang("en")
        assert app.build_button.description == "Build the report" and app.report_lang.value == "en"
        assert "Problem" in app.problems_view.value and "Vấn đề" not in app.problems_view.value
        assert "1. Data" in app.headings["data"].value


def test_upload_through_the_widget_checks_again():
    app = CouncilApp(lang="vi")
    try:
        units = (demo_dir() / "units.csv").read_bytes()
        app.upload.value = ({"name": "don_vi.csv", "type": "text/csv", "size": len(units),
                             "content": memoryview(units), "last_modified": NOW},
                            {"name": "hong.zip", "type": "application/zip", "size": 3,
                             "content": memoryview(b"abc"), "last_modified": NOW})
        assert app.upload.value == ()  # emptied, so that the same file can be dropped again
        status = _text(app.data_status.value)
        assert "Đã nhận: don_vi.csv" in status and "Không nhận tệp hong.zip" in status and "ZIP" in status
        assert "Đơn vị" in _text(app.sources_view.value)
        app.clear()
        assert app.checked is None and "Chưa có tệp dữ liệu nào" in _text(app.data_status.value)
    finally:
        app.close()


def test_a_folder_that_does_not_exist_is_named(tmp_path):
    with _app_on(tmp_path / "khong_co") as app:
        assert "Không có thư mục" in _text(app.data_status.value) and app.build_button.disabled


def test_a_failure_shows_the_problem_never_a_traceback(monkeypatch):
    with _app_on(demo_dir()) as app:

        def broken(*args, **kwargs):
            raise KeyError("/home/lan/Nguyễn Văn A/khen_thuong.xlsx")  # a bug whose text quotes a path

        monkeypatch.setattr("tdkt_eval.app.ui.build", broken)
        assert app.build() is None
        shown = _text(app.result.value)
        assert "Chưa lập được báo cáo" in shown and "KeyError" in shown
        assert "Nguyễn" not in shown and "Traceback" not in shown and not app.build_button.disabled

        def data_problem(*args, **kwargs):
            raise TdktInputError("A year is missing.", fix="Write the year.", source="khen_thuong.xlsx")

        monkeypatch.setattr("tdkt_eval.app.ui.build", data_problem)
        app.build()
        assert "khen_thuong.xlsx" in _text(app.result.value) and "Cách sửa" in _text(app.result.value)

        def refused(*args, **kwargs):
            raise PermissionError(13, "Permission denied", "bao_cao.zip")

        monkeypatch.setattr("tdkt_eval.app.ui.build", refused)
        app.build()
        assert "không đọc hoặc ghi được 'bao_cao.zip': không có quyền" in _text(app.result.value)
        app.year_from.value, app.year_to.value = app.checked.years[-1], app.checked.years[0]
        app.build()
        assert "sau năm kết thúc" in _text(app.result.value)


def test_report_steps_are_named_from_the_notebook():
    """Every step of the report maps to a cell of the shipped notebook, in order."""
    import nbformat
    from tdkt_eval.reporting.render import notebook_path

    cells = nbformat.read(notebook_path(), as_version=4).cells
    steps = [step for cell in cells if cell.cell_type == "code" and (step := report_step(cell.source))]
    assert steps == list(REPORT_STEPS[:-1])  # "page" is written after the notebook


def test_each_step_is_announced_as_its_cell_starts():
    """The hook papermill calls before each cell, fed the shipped notebook's cells (and papermill's own)."""
    import nbformat
    from tdkt_eval.reporting.render import _step_hook, notebook_path

    seen = []
    hook = _step_hook(lambda step, done, total: seen.append((step, done, total)))
    injected = nbformat.v4.new_code_cell("data_dir = '/x'\nyears = [2023]")  # papermill's parameters cell
    for cell in [injected, *nbformat.read(notebook_path(), as_version=4).cells]:
        hook(cell=cell, cell_index=0)
    assert seen == [(step, i, len(REPORT_STEPS)) for i, step in enumerate(REPORT_STEPS[:-1])]


def test_build_passes_the_settings_and_packs_the_report(monkeypatch):
    """The build as the page asks it (the report itself is built for real by tests/test_app_browser.py)."""
    asked = {}

    def fake_build_report(data_dir, out_dir, **options):
        asked.update(options, data_dir=data_dir)
        (out_dir / "figures").mkdir(parents=True)
        (out_dir / "figures" / "ladder.png").write_bytes(b"png")
        (out_dir / ".tdkt-report").write_text("marker")
        page = out_dir / "report.html"
        page.write_text('<main><section id="summary"><h2>Tóm tắt</h2><table></table></section>'
                        '<section id="depth"></section></main>', encoding="utf-8")
        options["on_step"]("page", 8, 9)
        return page

    monkeypatch.setattr("tdkt_eval.reporting.build_report", fake_build_report)
    steps = []
    with Workspace(demo_dir()) as ws:
        built = build(ws, Settings(movement="M02", years=(2023, 2024), k_min=10, lang="en", title="Review"),
                      on_step=lambda *step: steps.append(step))
        assert asked == dict(lang="en", k_min=10, movement="M02", years=[2023, 2024], title="Review",
                             on_step=asked["on_step"], data_dir=demo_dir().resolve())
        assert steps == [("page", 8, 9)]
        with zipfile.ZipFile(built.archive) as archive:
            assert sorted(archive.namelist()) == ["figures/ladder.png", "report.html"]
        assert built.archive.name == "report.zip" and built.archive.parent == ws.root
        assert built.summary == '<section id="summary"><h2>Tóm tắt</h2><table></table></section>'


# -- the command and the server ---------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "words"), [("vi", "ứng dụng"), ("en", "council app")])
def test_app_command_has_help_in_both_languages(lang, words, capsys):
    assert main(["app", "--help", "--lang", lang]) == 0
    assert words in capsys.readouterr().out


def test_app_command_refuses_a_missing_folder(tmp_path, capsys):
    assert main(["app", str(tmp_path / "khong_co"), "--no-browser", "--lang", "vi"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""


def test_server_listens_on_loopback_behind_a_token_and_cleans_up():
    app = server.start(lang="vi")
    try:
        port = int(re.search(r":(\d+)/", app.url)[1])
        assert app.url.startswith("http://127.0.0.1:") and "token=" in app.url
        (app.root / "data" / "khen_thuong.csv").write_bytes(b"private")
        (app.root / "bao_cao.zip").write_bytes(b"zip")
        token = app.url.split("token=")[1]
        status, page = _get(app.url)
        assert status == 200 and b"<title>tdkt-eval</title>" in page and b"kernelId" in page
        status, login = _get(f"http://127.0.0.1:{port}/")  # no token: the login page, no kernel
        assert b"<title>tdkt-eval</title>" not in login and b"kernelId" not in login
        assert _get(f"http://127.0.0.1:{port}/voila/files/bao_cao.zip?token={token}") == (200, b"zip")
        for hidden in ("data/khen_thuong.csv", "voila.json", "tdkt-eval.ipynb"):
            assert _get(f"http://127.0.0.1:{port}/voila/files/{hidden}?token={token}")[0] in (403, 404), hidden
        import socket
        addresses = [a for a in (socket.gethostbyname(socket.gethostname()),) if not a.startswith("127.")]
        for address in addresses:  # not reachable from the network
            with socket.socket() as probe:
                probe.settimeout(1)
                assert probe.connect_ex((address, port)) != 0
    finally:
        app.stop()
    assert not app.root.exists()


def test_the_app_notebook_runs_in_a_kernel_and_shows_the_page():
    """The shipped notebook, run as JupyterLab runs it (no ``tdkt-eval app`` around it), draws the widgets."""
    import nbclient
    import nbformat

    from tdkt_eval.paths import shipped_file

    nb = nbformat.read(shipped_file("app/notebooks/tdkt-eval.ipynb"), as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


def test_a_port_in_use_is_refused_before_anything_starts(tmp_path, capsys, monkeypatch):
    import socket
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))   # where a session folder would be made
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["app", "--no-browser", "--port", str(port), "--lang", "vi"]) == 1
    err = capsys.readouterr().err
    assert "Ứng dụng không khởi động được" in err and f"port {port} is already in use" in err
    assert not list(tmp_path.glob("tdkt-app-*"))
