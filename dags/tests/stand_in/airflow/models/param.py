"""Stand-in for ``airflow.models.param`` (Airflow 2): only ``Param``."""
from airflow._recording import Param

__all__ = ["Param"]
