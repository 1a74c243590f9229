"""sousei (創生): evidence-based regional revitalization for Japanese municipalities."""

__version__ = "0.1.0"
