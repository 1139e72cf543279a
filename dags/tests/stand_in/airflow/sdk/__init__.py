"""Stand-in for ``airflow.sdk`` (Airflow 3.x); see ``airflow._recording``."""
from airflow._recording import DAG, CronDataIntervalTimetable, Param, Variable

__all__ = ["DAG", "CronDataIntervalTimetable", "Param", "Variable"]
