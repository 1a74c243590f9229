"""The projection's fixed axes: two sexes and 19 five-year age classes, 0-4 … 85-89, 90+.

Arrays throughout the package are shaped `[areas, sexes, 19]` for populations and
`[areas, steps, sexes, 18]` for the transitions (生残率, 純移動率), sex 0 = male, 1 = female.
Transition index `i` (0 … 17) is the move *into* class `i + 1`: index 0 is 0-4 → 5-9,
index 16 is 80-84 → 85-89, and index 17 is the open class (85-89 and 90+ → 90+).
"""

from __future__ import annotations

AGE_CLASSES: tuple[str, ...] = (*(f"{a}-{a + 4}" for a in range(0, 90, 5)), "90+")
TRANSITIONS: tuple[str, ...] = AGE_CLASSES[1:]
SEXES: tuple[str, ...] = ("male", "female")
MALE, FEMALE = 0, 1
CLASS_COUNT = len(AGE_CLASSES)  # 19
TRANSITION_COUNT = len(TRANSITIONS)  # 18
STEP_YEARS = 5

# Women of childbearing age for the 子ども女性比: classes 15-19 … 45-49.
CHILDBEARING = slice(3, 10)
# 年齢3区分: 0-14, 15-64, 65+.
YOUNG = slice(0, 3)
WORKING = slice(3, 13)
OLD = slice(13, CLASS_COUNT)

AGE_LABELS_JA: tuple[str, ...] = (
    *(f"{a}〜{a + 4}歳" for a in range(0, 90, 5)),
    "90歳以上",
)


def transition_label(index: int) -> str:
    """ "20-24→25-29" for transition 4; the open class is entered from 85 and over: "85+→90+"."""
    if index == TRANSITION_COUNT - 1:
        return "85+→90+"
    return f"{AGE_CLASSES[index]}→{TRANSITIONS[index]}"
