"""ISU: the follow-up warehouse for Swedish social services."""

__version__ = "0.6.0"
