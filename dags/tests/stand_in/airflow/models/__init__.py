"""Stand-in for ``airflow.models`` (Airflow 2): only ``Variable``."""
from airflow._recording import Variable

__all__ = ["Variable"]
