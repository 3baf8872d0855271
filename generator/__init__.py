"""adcvd-workbook: Excel workbooks for U.S. antidumping duty cash deposits."""

__version__ = "0.1.0"

from .workbook import BuildResult, build_workbook  # noqa: E402

__all__ = ["BuildResult", "build_workbook", "__version__"]
