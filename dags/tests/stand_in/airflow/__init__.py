"""Recording stand-in for the Airflow names that dags/engagement_pipeline.py imports.

Structure only: it records what the DAG file builds and runs nothing (see ``_recording``).
"""
from airflow import _recording


class DAG(_recording.DAG):
    """``airflow.DAG`` of Airflow 2."""

    import_path = "airflow"


__all__ = ["DAG"]
