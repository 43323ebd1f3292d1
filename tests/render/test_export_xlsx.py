"""The xlsx meeting pack read back with openpyxl, and opened by a real client (LibreOffice)."""

from __future__ import annotations

import csv
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import has_program
from tests.render.test_export import PACK_ROADMAP

SOFFICE = "soffice"


@pytest.fixture
def workbook_file(run_cli: Any, write_roadmap: Any, tmp_path: Path) -> Path:
    source = write_roadmap(PACK_ROADMAP, "town.yaml")
    target = tmp_path / "pack.xlsx"
    result = run_cli("export", str(source), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def test_sheets_types_formats_frozen_headers_and_filters(workbook_file: Path) -> None:
    book = openpyxl.load_workbook(workbook_file)
    assert book.sheetnames[:6] == [
        "Summary",
        "Exceptions",
        "Pledges",
        "Indicators",
        "Feedback",
        "Members",
    ]
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows()}
    assert summary["Progress"].value == pytest.approx(0.4625)
    assert summary["Progress"].number_format == "0.0%"
    assert summary["As of"].value == datetime(2025, 6, 30)
    assert summary["As of"].number_format == "YYYY-MM-DD"
    assert "For" not in summary  # no --meeting: no meeting is invented

    exceptions = book["Exceptions"]
    header = [c.value for c in exceptions[1]]
    assert header[:4] == ["Rag", "Kind", "Id", "Title"]
    row = {h: c for h, c in zip(header, exceptions[3], strict=True)}  # clinics-opened
    assert row["Id"].value == "clinics-opened" and row["Rag"].value == "red"
    assert row["Rag"].fill.start_color.rgb.endswith("FFC7CE")
    assert row["Progress"].value == 0.25 and row["Progress"].number_format == "0.0%"
    assert row["Measured"].value == datetime(2025, 6, 15)
    assert row["Ahead (+) or behind (−) the trajectory"].value == pytest.approx(1 - 4 * 546 / 730)
    assert row["Days overdue"].value == 0 and isinstance(row["Days overdue"].value, int)
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == sheet.dimensions, name
        assert all((sheet.column_dimensions[c].width or 0) >= 5 for c in "AB"), name


def test_every_sheet_prints_landscape_fitted_to_width_with_its_header_repeated(
    workbook_file: Path,
) -> None:
    book = openpyxl.load_workbook(workbook_file)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title


def test_pledges_and_members_sheets(workbook_file: Path) -> None:
    book = openpyxl.load_workbook(workbook_file)
    pledges = [[c.value for c in row] for row in book["Pledges"].iter_rows(min_row=2)]
    assert [(r[1], r[4]) for r in pledges] == [
        ("clinics", "red"),
        ("bridge", "amber"),
        ("lights", "done"),
        ("museum", "grey"),
    ]
    assert pledges[2][3] == "done" and pledges[2][9] == "stale"
    members = [[c.value for c in row] for row in book["Members"].iter_rows(min_row=2)]
    assert members[1] == ["council", "Council Person", "Political Council", 1, 2, 1, 1, 0]


def test_the_same_pack_gives_the_same_bytes(run_cli: Any, workbook_file: Path) -> None:
    again = workbook_file.with_name("again.xlsx")
    source = workbook_file.parent / "town.yaml"
    assert run_cli("export", str(source), "-o", str(again)).exit_code == 0
    assert again.read_bytes() == workbook_file.read_bytes()
    properties = openpyxl.load_workbook(again).properties
    assert properties.created == properties.modified == datetime(2025, 6, 30)


@pytest.mark.skipif(not has_program(SOFFICE), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_workbook(workbook_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    # All sheets, UTF-8, values as shown (so the 0.0% format is applied).
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
            str(out),
            str(workbook_file),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with (out / "pack-Summary.csv").open(encoding="utf-8", newline="") as stream:
        summary = list(csv.reader(stream))
    assert ["Progress", "46.3%"] in summary and ["As of", "2025-06-30"] in summary
    with (out / "pack-Exceptions.csv").open(encoding="utf-8", newline="") as stream:
        exceptions = list(csv.reader(stream))
    assert exceptions[2][:3] == ["red", "indicator", "clinics-opened"]
    assert exceptions[2][11] == "-1.99"  # the gap, formatted +0.00;-0.00


def test_text_that_looks_like_a_formula_stays_text(
    run_cli: Any, write_roadmap: Any, tmp_path: Path
) -> None:
    from tests.render.test_export import FALLING_ROADMAP

    target = tmp_path / "pack.xlsx"
    result = run_cli("export", str(write_roadmap(FALLING_ROADMAP, "q.yaml")), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target)
    texts = {
        cell.value: cell.data_type
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    }
    assert texts == {
        '=HYPERLINK("http://x")': "s",
        "=) спасибо": "s",
        "-Waiting": "s",
        "@Served": "s",
    }
    wait = next(row for row in book["Exceptions"].iter_rows() if row[2].value == "q-wait")
    ahead = wait[11]
    assert isinstance(ahead.value, float) and ahead.data_type == "n"


def test_a_russian_workbook_has_no_english_keys_or_slugs_where_a_name_exists(
    run_cli: Any, tmp_path: Path
) -> None:
    from tests.conftest import SAMPLE

    target = tmp_path / "pack.xlsx"
    result = run_cli("export", str(SAMPLE), "-o", str(target), "--lang", "ru")
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target)

    def column(sheet: str, header: str) -> set[Any]:
        rows = list(book[sheet].iter_rows(values_only=True))
        index = rows[0].index(header)
        return {row[index] for row in rows[1:]}

    assert column("Отклонения", "Тип") == {"наказ", "индикатор"}
    assert column("Пробелы в ответственности", "Тип") == {"раздел", "индикатор"}
    assert "замер добавлен" in column("Изменения", "Тип")
    assert "Доступная и качественная медицина" in column("Наказы", "Раздел")
    assert "health" not in column("Наказы", "Раздел")
    assert "Алатауский район" in column("Обратная связь", "Район") and "alatau" not in column(
        "Обратная связь", "Район"
    )
    changes = column("Изменения", "Изменение")
    assert "edu-new-student-places: добавлен замер 24 500 на 30.06.2025" in {
        str(c).replace("\xa0", " ") for c in changes
    }
