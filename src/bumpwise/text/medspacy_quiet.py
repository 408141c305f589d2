"""Silence medspaCy's and PyRuSH's loguru DEBUG output before they are imported.

PyRuSH logs every sentence at DEBUG level to stderr through loguru; importing this
module first keeps a command's stderr for real problems. It costs nothing when
loguru is absent.
"""

from __future__ import annotations

import sys

try:
    from loguru import logger
except ImportError:  # pragma: no cover - loguru comes with medspaCy
    pass
else:
    logger.remove()
    logger.add(sys.stderr, level="WARNING")
