"""The complaints part of the JSON API under ``/api/v1`` (none yet).

Open311 GeoReport v2, the standard interface for client applications, lives in
:mod:`complaints.open311`.
"""

from __future__ import annotations
