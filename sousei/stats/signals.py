"""What stats tells the rest of sousei without knowing who listens:
`statistics_stored(area_codes=[...])` after the transaction storing a series commits."""

from django.dispatch import Signal

statistics_stored = Signal()
