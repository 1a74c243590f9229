"""Update frequencies (更新頻度) a dataset can declare, with the EU vocabulary DCAT-AP uses."""

from __future__ import annotations

from dataclasses import dataclass

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


@dataclass(frozen=True)
class Frequency:
    id: str
    title_ja: str
    title_en: str

    @property
    def uri(self) -> str:
        return EU_FREQUENCY + self.id.upper()


FREQUENCIES = [
    Frequency("daily", "毎日", "Daily"),
    Frequency("weekly", "毎週", "Weekly"),
    Frequency("monthly", "毎月", "Monthly"),
    Frequency("quarterly", "四半期ごと", "Quarterly"),
    Frequency("annual", "毎年", "Annually"),
    Frequency("irreg", "不定期", "Irregularly"),
    Frequency("never", "更新予定なし", "Not updated"),
]
FREQUENCIES_BY_ID = {f.id: f for f in FREQUENCIES}
