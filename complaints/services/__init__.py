"""The complaints rules, one module per concern; code of this package imports the one it needs.

The few names other modules use (the national feed in ``sync``, the regional returns'
figures in ``consolidation``) are offered here, until they reach them through the core's
providers instead.
"""

from __future__ import annotations

from complaints.models import Complaint
from complaints.services.filing import get
from complaints.services.handling import act, add_event
from complaints.services.statistics import monthly_counts

__all__ = ["Complaint", "act", "add_event", "get", "monthly_counts"]
