"""The council app's page: four steps (data, check, settings, report) drawn with ipywidgets.

Every action is guarded: a data problem shows its message and fix, anything else a short note
naming the kind of problem; a traceback never reaches the page.  Every word on the page comes
from the translation table, and the page switches language in place.
"""

from __future__ import annotations

import base64
import html
import os
import time
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..errors import InvalidParameterError, OutputPathError, TdktInputError
from ..i18n import LANG_ENV, Lang, check_lang, format_number, label, os_error_text
from ..reporting import SECTION_KEYS
from .session import Built, Checked, Settings, build, check_data, default_settings
from .workspace import Workspace

__all__ = ["CouncilApp", "ROOT_VARIABLE", "DATA_VARIABLE", "FILES_URL_VARIABLE"]

#: Set by ``tdkt-eval app``: the session's workspace folder, a data folder to open, and the URL of its files.
ROOT_VARIABLE, DATA_VARIABLE, FILES_URL_VARIABLE = "TDKT_APP_ROOT", "TDKT_APP_DATA", "TDKT_APP_FILES_URL"

ACCEPT = ".xlsx,.xlsm,.csv,.tsv,.txt,.tab,.zip,.parquet,.yaml,.yml"

_STYLE = """<style>
.tdkt-app{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;max-width:1150px}
.tdkt-app h1{font-size:1.5em;margin:.3em 0}.tdkt-app h2{font-size:1.2em;border-bottom:1px solid #ccc;margin:1.2em 0 .4em}
.tdkt-app table{border-collapse:collapse;font-size:.88em;margin:.3em 0}
.tdkt-app th,.tdkt-app td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
.tdkt-app th{background:#f3f3f3}.tdkt-note{color:#555;font-size:.92em}
.tdkt-app a{color:#0b57a4;text-decoration:underline;font-weight:600}.tdkt-error{color:#a40000}.tdkt-ok{color:#1d6b1d}.tdkt-box{max-height:420px;overflow:auto}
</style>"""


def _table(frame: pd.DataFrame, name: str) -> str:
    """A frame as an escaped HTML table (every cell is text from a file), or nothing when it is empty."""
    if frame.empty:
        return ""
    table = frame.to_html(index=False, escape=True, na_rep="", border=0, table_id=f"table-{name}")
    return f'<div class="tdkt-box">{table}</div>'


def _download(path: Path, text: str, media: str) -> str:
    """A link that downloads ``path`` (its bytes in the page, so that it works in Voilà and JupyterLab alike)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<a download="{html.escape(path.name)}" href="data:{media};base64,{data}" '
            f'data-file="{html.escape(path.name)}">⬇ {html.escape(text)}</a>')


def _message(err: BaseException, lang: Lang) -> str:
    """What the page says about a failure: the problem and its fix, never a traceback."""
    if isinstance(err, TdktInputError):
        where = err.where(lang)
        return (f"{html.escape((where + ': ') if where else '')}{html.escape(err.problem_text.render(lang))}<br>"
                f"<b>{html.escape(label('fix', lang))}:</b> {html.escape(err.fix_text.render(lang))}")
    if isinstance(err, OutputPathError):
        return html.escape(err.render(lang))
    if isinstance(err, OSError):
        return html.escape(os_error_text(err, lang))
    if isinstance(err, InvalidParameterError):
        return html.escape(str(err))
    return html.escape(label("app_bug", lang).format(kind=type(err).__name__))


class CouncilApp:
    """The app's page; display it in a notebook (``CouncilApp()``) or let ``tdkt-eval app`` serve it.

    Parameters
    ----------
    workspace : Workspace, optional
        Where dropped files, the problems list and the report go; a new private folder by default.
    lang : {"vi", "en"}, default "vi"
        The page's language (a button switches it).
    files_url : str, optional
        The URL under which the workspace's files are served (Voilà's file route), for the link
        that opens the report; without it the page shows where the report was saved.

    Examples
    --------
    >>> app = CouncilApp(lang="en")
    >>> app.build_button.description, app.build_button.disabled
    ('Build the report', True)
    >>> app.close()
    """

    def __init__(self, workspace: Workspace | None = None, *, lang: Lang = "vi", files_url: str | None = None) -> None:
        self.workspace = workspace or Workspace()
        self.lang = check_lang(lang)
        self.files_url = files_url
        self.checked: Checked | None = None
        self.built: Built | None = None
        self._received: list[str] = []
        self._refused: list[str] = []
        self._build_seconds: float | None = None
        self._failure: str | None = None
        self._make_widgets()
        self._relabel()

    @classmethod
    def from_environment(cls) -> CouncilApp:
        """The app as ``tdkt-eval app`` set it up (its workspace, data folder and language), else a new one."""
        root, data = os.environ.get(ROOT_VARIABLE), os.environ.get(DATA_VARIABLE)
        workspace = Workspace(root=root) if root else Workspace()
        lang = os.environ.get(LANG_ENV) if os.environ.get(LANG_ENV) in ("vi", "en") else "vi"
        app = cls(workspace, lang=lang, files_url=os.environ.get(FILES_URL_VARIABLE) or None)
        if data:
            app.folder.value = data
            app.use_folder()
        return app

    def close(self) -> None:
        """Remove the workspace folder (``tdkt-eval app`` does it when it stops)."""
        self.workspace.close()

    # -- widgets ---------------------------------------------------------------------
    def _make_widgets(self) -> None:
        wide = w.Layout(width="auto")
        self.language = w.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value=self.lang,
                                        style={"button_width": "110px"}, layout=w.Layout(flex="0 0 auto"))
        self.language.observe(lambda change: self.set_lang(change["new"]), "value")
        self.heading = w.HTML()
        self.upload = w.FileUpload(accept=ACCEPT, multiple=True, layout=w.Layout(width="auto"))
        self.upload.observe(self._on_upload, "value")
        self.folder = w.Text(layout=w.Layout(width="520px"))
        self.folder_button = w.Button(layout=wide)
        self.folder_button.on_click(lambda _: self.use_folder())
        self.clear_button = w.Button(layout=wide)
        self.clear_button.on_click(lambda _: self.clear())
        self.data_intro, self.data_status, self.sources_view = w.HTML(), w.HTML(), w.HTML()
        self.check_summary, self.problems_view, self.problems_link = w.HTML(), w.HTML(), w.HTML()
        self.sort_by = w.Dropdown(layout=w.Layout(width="260px"))
        self.descending = w.Checkbox(value=False, indent=False, layout=wide)
        for control in (self.sort_by, self.descending):
            control.observe(lambda _: self._draw_problems(), "value")
        self.movement = w.Dropdown(layout=w.Layout(width="480px"))
        self.year_from, self.year_to = w.Dropdown(layout=wide), w.Dropdown(layout=wide)
        self.k_min = w.BoundedIntText(value=5, min=1, max=1000, layout=w.Layout(width="200px"))
        self.report_lang = w.Dropdown(options=[("Tiếng Việt", "vi"), ("English", "en")], value=self.lang,
                                      layout=w.Layout(width="320px"))
        self.title = w.Text(layout=w.Layout(width="640px"))
        self.settings_note = w.HTML()
        self.build_button = w.Button(button_style="primary", disabled=True, layout=wide)
        self.build_button.on_click(lambda _: self.build())
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="420px", visibility="hidden"))
        self.step = w.HTML()
        self.result = w.HTML()
        self.headings = {key: w.HTML() for key in ("data", "check", "settings", "report")}
        self.widget = w.VBox([
            w.HTML(_STYLE), w.HBox([self.heading, self.language]),
            self.headings["data"], self.data_intro, w.HBox([self.upload, self.clear_button]),
            w.HBox([self.folder, self.folder_button]), self.data_status, self.sources_view,
            self.headings["check"], self.check_summary, w.HBox([self.sort_by, self.descending]), self.problems_view,
            self.problems_link,
            self.headings["settings"], self.movement, w.HBox([self.year_from, self.year_to]), self.k_min,
            self.report_lang, self.title, self.settings_note,
            self.headings["report"], w.HBox([self.build_button, self.progress]), self.step, self.result,
        ])
        self.widget.add_class("tdkt-app")
        for name in ("language", "upload", "folder", "folder_button", "clear_button", "sort_by", "descending",
                     "movement", "year_from", "year_to", "k_min", "report_lang", "title", "build_button", "progress",
                     "step", "result"):  # stable handles for the browser test and for custom styles
            getattr(self, name).add_class("tdkt-" + name.replace("_", "-"))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def t(self, key: str, **values) -> str:
        text = label(key, self.lang)
        return text.format(**values) if values else text

    def set_lang(self, lang: Lang) -> None:
        """Show the page in ``lang``; the report's own language follows unless it was changed."""
        previous, self.lang = self.lang, check_lang(lang)
        if self.report_lang.value == previous:
            self.report_lang.value = self.lang
        self.language.value = self.lang
        self._relabel()

    def _relabel(self) -> None:
        t = self.t
        self.heading.value = (f"<h1>{html.escape(t('app_title'))}</h1>"
                              f"<p class='tdkt-note'>{html.escape(t('app_intro'))}<br>{html.escape(t('app_privacy'))}</p>")
        for key, heading in self.headings.items():
            heading.value = f"<h2 id='step-{key}'>{html.escape(t('app_step_' + key))}</h2>"
        self.data_intro.value = f"<p class='tdkt-note'>{html.escape(t('app_upload_hint'))}</p>"
        self.upload.description = t("app_upload")
        self.folder.description, self.folder.placeholder = t("app_folder"), t("app_folder_placeholder")
        self.folder_button.description, self.clear_button.description = t("app_folder_use"), t("app_clear")
        self.descending.description = t("app_descending")
        self.sort_by.description = t("app_sort_by")
        self.movement.description = t("app_movement")
        self.year_from.description, self.year_to.description = t("app_year_from"), t("app_year_to")
        self.k_min.description, self.report_lang.description = t("app_k_min"), t("app_report_lang")
        self.title.description = t("app_report_title")
        self.build_button.description = t("app_build")
        for control in (self.folder, self.sort_by, self.movement, self.year_from, self.year_to, self.k_min,
                        self.report_lang, self.title):
            control.style.description_width = "150px"
        self._draw_data()
        self._draw_check()
        self._draw_settings()
        self._draw_result()

    # -- step 1: data ----------------------------------------------------------------------
    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        self._received, self._refused = [], []
        for item in files:
            try:
                added = self.workspace.add(item["name"], bytes(item["content"]))
                self._received += added.written
            except Exception as err:  # noqa: BLE001 - a refused file is named with the reason, never a traceback
                self._refused.append(self.t("app_refused", name=html.escape(item["name"].split("/")[-1]),
                                            problem=_message(err, self.lang)))
        self.upload.value = ()
        self.refresh()

    def use_folder(self) -> None:
        """Read the data from the folder typed in the box, where it is."""
        self._received, self._refused = [], []
        path = Path(self.folder.value.strip().strip('"')).expanduser()
        if not self.folder.value.strip() or not path.is_dir():
            self._refused.append(html.escape(self.t("app_not_a_folder", path=self.folder.value.strip())))
            self._draw_data()
            return
        self.workspace.use_folder(path)
        self.refresh()

    def clear(self) -> None:
        """Forget the dropped files (and a chosen folder)."""
        self.workspace.clear()
        self.workspace.use_folder(None)
        self._received, self._refused = [], []
        self.refresh()

    def refresh(self) -> None:
        """Check the data folder again and redraw every step."""
        self.built = None
        try:
            self.checked = check_data(self.workspace) if self.workspace.files() else None
        except Exception as err:  # noqa: BLE001 - the page says what happened, never a traceback
            self.checked = None
            self._refused.append(_message(err, self.lang))
        self._fill_settings()
        self._relabel()

    def _draw_data(self) -> None:
        lines = []
        if self.workspace.data_dir != self.workspace.uploads:
            lines.append(html.escape(self.t("app_reading", folder=self.workspace.data_dir.name)))
        if self._received:
            lines.append(f"<span class='tdkt-ok'>{html.escape(self.t('app_received', names=', '.join(self._received)))}</span>")
        lines += [f"<span class='tdkt-error'>{text}</span>" for text in self._refused]
        if self.checked is None and not self._refused:
            lines.append(html.escape(self.t("app_no_files")))
        self.data_status.value = "<p>" + "<br>".join(lines) + "</p>"
        self.sources_view.value = "" if self.checked is None else (
            f"<p><b>{html.escape(self.t('app_recognised'))}</b></p>" + _table(self.checked.sources(self.lang), "sources"))

    # -- step 2: check ---------------------------------------------------------------------
    def _draw_check(self) -> None:
        checked = self.checked
        if checked is None:
            self.check_summary.value = self.problems_view.value = self.problems_link.value = ""
            self.sort_by.options = []
            return
        lang = self.lang
        summary = self.t("app_check_summary", files=format_number(checked.used, lang),
                         errors=format_number(checked.errors, lang), warnings=format_number(checked.warnings, lang),
                         unused=format_number(checked.unused, lang))
        extra = "" if checked.tables else f"<br><span class='tdkt-error'>{html.escape(self.t('app_nothing_usable'))}</span>"
        self.check_summary.value = f"<p>{html.escape(summary)}{extra}</p>"
        problems = checked.problems(lang)
        columns = list(problems.columns)
        if list(self.sort_by.options) != columns:
            self.sort_by.options = columns
            self.sort_by.value = columns[0]
        self._draw_problems(problems)
        self._draw_problems_link(problems)

    def _draw_problems(self, problems: pd.DataFrame | None = None) -> None:
        """The problem table in the chosen order (sorting redraws only the table)."""
        if self.checked is None or self.sort_by.value is None:
            return
        problems = self.checked.problems(self.lang) if problems is None else problems
        if problems.empty:
            self.problems_view.value = f"<p class='tdkt-ok'>{html.escape(self.t('app_no_problems'))}</p>"
            return
        ordered = problems.sort_values(self.sort_by.value, ascending=not self.descending.value, kind="stable",
                                       key=lambda column: column.astype(str).str.casefold())
        self.problems_view.value = _table(ordered, "problems")

    def _draw_problems_link(self, problems: pd.DataFrame) -> None:
        """The problems spreadsheet, written once per check and language, and its download link."""
        if problems.empty:
            self.problems_link.value = ""
            return
        try:
            path = self.checked.write_problems(self.workspace.root, self.lang)
        except OSError as err:  # the list is on the page; only its spreadsheet is missing
            self.problems_link.value = f"<p class='tdkt-error'>{_message(err, self.lang)}</p>"
            return
        self.problems_link.value = "<p>" + _download(
            path, self.t("app_download_problems"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") + "</p>"

    # -- step 3: settings --------------------------------------------------------------------
    def _fill_settings(self) -> None:
        """Defaults taken from the data: every movement, the first to the last year."""
        checked = self.checked
        years = list(checked.years) if checked else []
        defaults = default_settings(checked, self.lang) if checked else Settings(lang=self.lang)
        self.year_from.options, self.year_to.options = years, years
        if defaults.years:
            self.year_from.value, self.year_to.value = defaults.years
        self.build_button.disabled = not (checked and checked.tables)

    def _draw_settings(self) -> None:
        movements = self.checked.movements if self.checked else {}
        options = [(self.t("app_all_movements"), "")] + [
            (f"{code} – {name}" if name != code else code, code) for code, name in movements.items()]
        chosen = self.movement.value if self.movement.value in dict(options).values() else ""
        self.movement.options = options
        self.movement.value = chosen

    def settings(self) -> Settings:
        """The settings as chosen on the page (every year of the data is no filter, as on the command line)."""
        years = None
        if self.year_from.value is not None and self.year_to.value is not None:
            if self.year_from.value > self.year_to.value:
                raise InvalidParameterError(self.t("app_years_backward", first=self.year_from.value,
                                                   last=self.year_to.value))
            years = (self.year_from.value, self.year_to.value)
            if self.checked and years == (self.checked.years[0], self.checked.years[-1]):
                years = None
        return Settings(self.movement.value or None, years, int(self.k_min.value), self.report_lang.value,
                        self.title.value.strip())

    # -- step 4: report ------------------------------------------------------------------------
    def _step_label(self, step: str) -> str:
        return self.t(f"sec_{step}") if step in SECTION_KEYS else self.t(f"app_step_{step}")

    def _on_step(self, step: str, done: int, total: int) -> None:
        self.progress.max, self.progress.value = total, done
        self.step.value = f"<p>{html.escape(self.t('app_building', step=self._step_label(step)))}</p>"

    def build(self, on_step: Callable[[str, int, int], None] | None = None) -> Built | None:
        """Build the report with the chosen settings; the page shows the summary and the links, or the problem."""
        self.build_button.disabled = True
        self.progress.layout.visibility = "visible"
        self.built, self.result.value, self._failure = None, "", None
        start = time.monotonic()
        try:
            self.built = build(self.workspace, self.settings(), on_step or self._on_step)
            self._build_seconds = time.monotonic() - start
        except Exception as err:  # noqa: BLE001 - the page says what happened, never a traceback
            self._failure = _message(err, self.lang)
        finally:
            self.progress.layout.visibility = "hidden"
            self.step.value = ""
            self.build_button.disabled = not (self.checked and self.checked.tables)
        self._draw_result()
        return self.built

    def _draw_result(self) -> None:
        failure = self._failure
        if failure:
            self.result.value = (f"<div class='tdkt-error' id='build-failed'><p><b>{html.escape(self.t('app_failed'))}"
                                 f"</b></p><p>{failure}</p></div>")
            return
        if self.built is None:
            self.result.value = ""
            return
        built, seconds = self.built, format_number(self._build_seconds or 0, self.lang, decimals=1)
        page = (f"<a href='{html.escape(self.files_url)}report/report.html' target='_blank' id='open-report'>"
                f"{html.escape(self.t('app_open_report'))}</a>" if self.files_url
                else html.escape(self.t("app_saved_at", path=str(built.page))))
        self.result.value = (f"<p class='tdkt-ok'>{html.escape(self.t('app_built', seconds=seconds))}</p>"
                             f"<p>{page} · {_download(built.archive, self.t('app_download_zip'), 'application/zip')}</p>"
                             f"<div id='report-summary'>{built.summary}</div>")
