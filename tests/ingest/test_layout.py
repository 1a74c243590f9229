"""Finding the table in a grid: title rows, header rows, data, notes, a second table."""

from __future__ import annotations

import pytest

from sousei.ingest import IngestError
from sousei.ingest.layout import detect_layout, is_note, notes_start


def grid(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip("\n").split("\n")]


def test_title_two_row_header_and_notes() -> None:
    layout = detect_layout(
        grid(
            """
人口推計　令和2年,,,
,,,
地域,人口,,
,総数,男,女
一関市,111932,54089,57843
平泉町,7345,3520,3825
,,,
資料：総務省,,,
注：10月1日現在,,,
"""
        )
    )
    assert layout.title_rows == [0]
    assert layout.header_rows == [2, 3]
    assert (layout.data_start, layout.data_end) == (4, 6)
    assert layout.note_rows == [7, 8]
    assert layout.extra_rows == []


def test_ssdse_three_header_rows() -> None:
    """Indicator codes, years (with 年度), Japanese labels, then data."""
    layout = detect_layout(
        grid(
            """
SSDSE-A-2025,Prefecture,Municipality,A1101,A110101
,,年度,2020,2020
地域コード,都道府県,市区町村,総人口,総人口（男）
R01100,北海道,札幌市,1973395,918682
R01202,北海道,函館市,251084,113965
"""
        )
    )
    assert layout.header_rows == [0, 1, 2]
    assert layout.data_start == 3


def test_year_row_is_data_when_no_header_row_follows() -> None:
    layout = detect_layout(grid("地域,2019,2020\n一関市,100,110\n平泉町,7,8\n"))
    assert layout.header_rows == [0]


def test_plain_csv() -> None:
    layout = detect_layout(grid("a,b,c\n1,2,3\n4,5,6\n"))
    assert (layout.title_rows, layout.header_rows, layout.data_start, layout.data_end) == (
        [],
        [0],
        1,
        3,
    )


def test_text_only_table_has_one_header_row() -> None:
    layout = detect_layout(
        grid("施設名,住所,種別\n中央公民館,竹山町,公民館\n図書館,大手町,図書館\n")
    )
    assert layout.header_rows == [0]
    assert layout.data_start == 1


def test_spanning_label_over_text_columns() -> None:
    layout = detect_layout(grid("施設,,種別\n名称,住所,\n中央公民館,竹山町,公民館\n"))
    assert layout.header_rows == [0, 1]


def test_second_table_after_a_blank_row_is_extra_content() -> None:
    layout = detect_layout(
        grid(
            """
区,人口,世帯
東灘区,211413,95120
灘区,134239,65791
,,
《人口動態》,,
区,出生,死亡
東灘区,140,125
,,
※ 住民基本台帳による。,,
"""
        )
    )
    assert (layout.data_start, layout.data_end) == (1, 3)
    assert layout.extra_rows == [4, 5, 6]
    assert layout.note_rows == [8]


def test_blank_rows_inside_data_do_not_end_the_table() -> None:
    layout = detect_layout(grid("区,人口,世帯\n東灘区,1,2\n,,\n灘区,3,4\n"))
    assert layout.data_end == 4


def test_one_cell_rows_under_data_are_data_until_a_blank_or_note() -> None:
    layout = detect_layout(grid("区,人口,世帯\n東灘区,1,2\n灘区,,\n,,\n出典：神戸市,,\n"))
    assert layout.data_end == 3
    assert layout.note_rows == [4]


def test_single_column_table_keeps_its_rows() -> None:
    layout = detect_layout(grid("地域\n一関市\n\n平泉町\n"))
    assert layout.header_rows == [0]
    assert layout.data_end == 4


def test_head_of_a_long_file_leaves_the_end_open() -> None:
    rows = grid("a,b\n1,2\n3,4\n")
    layout = detect_layout(rows, complete=False)
    assert layout.data_end == len(rows)
    assert layout.note_rows == []


def test_empty_grid() -> None:
    with pytest.raises(IngestError) as caught:
        detect_layout([["", ""], [" "]])
    assert caught.value.code == "empty-file"


@pytest.mark.parametrize(
    "text",
    [
        "資料：総務省",
        "注：速報値",
        "(注) 概数",
        "（注）概数",
        "※ △は減少",
        "* 推計",
        "a) 10月1日現在",
        "1) 組替",
        "出典 国勢調査",
        "Source: MIC",
        "備考 概数",
    ],
)
def test_note_rows(text: str) -> None:
    assert is_note([text, "", ""])


@pytest.mark.parametrize("row", [["注射", "1", "2", "3", "4"], ["一関市", "1", "2"], ["", ""]])
def test_not_note_rows(row: list[str]) -> None:
    assert not is_note(row)


def test_notes_start() -> None:
    rows = grid("a,b,c\n1,2,3\n,,\n資料：x,,\nfree text,,\n")
    assert notes_start(rows, 1, len(rows), 3) == 2
    assert notes_start(grid("a,b,c\n1,2,3\n4,5,6\n"), 1, 3, 3) == 3
