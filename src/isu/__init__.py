"""ISU: the follow-up warehouse for Swedish social services."""

__version__ = "0.7.6"
