"""Stand-in for ``airflow.timetables.interval`` (Airflow 2.9+ and 3.0)."""
from airflow import _recording


class CronDataIntervalTimetable(_recording.CronDataIntervalTimetable):
    import_path = "airflow.timetables.interval"


__all__ = ["CronDataIntervalTimetable"]
