"""adcvd-workbook: Excel workbooks for U.S. antidumping and countervailing duty cash
deposits."""

__version__ = "0.1.0"

from .case import load_case  # noqa: E402
from .workbook import BuildResult, build_workbook  # noqa: E402

__all__ = ["BuildResult", "build_workbook", "load_case", "__version__"]
