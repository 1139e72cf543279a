"""The recording stand-in for the few Airflow names that dags/engagement_pipeline.py imports.

It records structure only: the DAG's arguments, each operator's arguments and the edges set
with ``>>`` / ``<<`` / ``set_upstream`` / ``set_downstream``. It does not schedule, render
templates, validate against a metastore or run anything, so a DAG that passes tests built on
it is not proven to run under Airflow. What it does check, it checks like Airflow does:
unknown arguments fail (each class accepts only names that Airflow 2.9+ and 3.x both accept),
a task id may appear once per DAG, and an operator made outside a DAG has no DAG.
"""

from __future__ import annotations

import json

NOTSET = object()

# BaseOperator arguments accepted by Airflow 2.9+ and 3.x alike (``sla`` is gone in 3).
BASE_OPERATOR_ARGS = frozenset({
    "task_id", "owner", "email", "email_on_retry", "email_on_failure", "retries", "retry_delay",
    "retry_exponential_backoff", "max_retry_delay", "start_date", "end_date", "depends_on_past",
    "ignore_first_depends_on_past", "wait_for_past_depends_before_skipping", "wait_for_downstream",
    "dag", "params", "default_args", "priority_weight", "weight_rule", "queue", "pool", "pool_slots",
    "execution_timeout", "on_execute_callback", "on_failure_callback", "on_success_callback",
    "on_retry_callback", "on_skipped_callback", "trigger_rule", "resources", "run_as_user",
    "max_active_tis_per_dag", "max_active_tis_per_dagrun", "executor", "executor_config",
    "do_xcom_push", "multiple_outputs", "inlets", "outlets", "task_group", "doc", "doc_md",
    "doc_json", "doc_yaml", "doc_rst", "task_display_name", "logger_name", "allow_nested_operators",
})

# DAG arguments accepted by Airflow 2.9+ and 3.x alike: no schedule_interval, timetable,
# concurrency or sla_miss_callback, which Airflow 3 removed.
DAG_ARGS = frozenset({
    "dag_id", "description", "schedule", "start_date", "end_date", "template_searchpath",
    "template_undefined", "user_defined_macros", "user_defined_filters", "default_args",
    "max_active_tasks", "max_active_runs", "max_consecutive_failed_dag_runs", "dagrun_timeout",
    "catchup", "on_success_callback", "on_failure_callback", "doc_md", "params", "access_control",
    "is_paused_upon_creation", "jinja_environment_kwargs", "render_template_as_native_obj", "tags",
    "owner_links", "auto_register", "fail_fast", "dag_display_name",
})

_current_dags: list = []
recorded_dags: list = []


def reset() -> None:
    _current_dags.clear()
    recorded_dags.clear()
    Variable.values = {}
    Variable.calls = []


def _reject_unknown(what: str, given, accepted) -> None:
    unknown = sorted(set(given) - set(accepted))
    if unknown:
        raise TypeError(f"{what} got unexpected keyword arguments {unknown}")


class DAG:
    """Records its keyword arguments, its tasks (in creation order) and its edges."""

    import_path = "airflow.sdk"

    def __init__(self, dag_id=None, **kwargs):
        if dag_id is not None:
            kwargs["dag_id"] = dag_id
        _reject_unknown("DAG", kwargs, DAG_ARGS)
        if "dag_id" not in kwargs:
            raise TypeError("DAG needs a dag_id")
        _reject_unknown("default_args of DAG", kwargs.get("default_args") or {}, BASE_OPERATOR_ARGS)
        self.kwargs = kwargs
        self.dag_id = kwargs["dag_id"]
        self.default_args = dict(kwargs.get("default_args") or {})
        self.tasks = {}
        self.edges = set()
        recorded_dags.append(self)

    def __enter__(self):
        _current_dags.append(self)
        return self

    def __exit__(self, *exc):
        _current_dags.pop()
        return False

    def add_task(self, task) -> None:
        if task.task_id in self.tasks:
            raise ValueError(f"task id {task.task_id!r} has already been added to the DAG {self.dag_id!r}")
        self.tasks[task.task_id] = task


class BaseOperator:
    """Records the operator's keyword arguments; ``effective`` adds the DAG's default_args."""

    accepted_args = BASE_OPERATOR_ARGS
    template_fields: tuple = ()

    def __init__(self, **kwargs):
        _reject_unknown(type(self).__name__, kwargs, self.accepted_args)
        if "task_id" not in kwargs:
            raise TypeError(f"{type(self).__name__} needs a task_id")
        self.task_id = kwargs["task_id"]
        self.kwargs = kwargs
        self.dag = kwargs.get("dag") or (_current_dags[-1] if _current_dags else None)
        self.effective = dict(self.dag.default_args if self.dag else {})
        self.effective.update(kwargs)
        if self.dag is not None:
            self.dag.add_task(self)

    def _edge(self, upstream, downstream) -> None:
        if self.dag is None or upstream.dag is not downstream.dag:
            raise ValueError(f"edge {upstream.task_id} >> {downstream.task_id} between tasks of different DAGs")
        self.dag.edges.add((upstream.task_id, downstream.task_id))

    def set_downstream(self, others) -> None:
        for other in others if isinstance(others, (list, tuple, set)) else [others]:
            self._edge(self, other)

    def set_upstream(self, others) -> None:
        for other in others if isinstance(others, (list, tuple, set)) else [others]:
            self._edge(other, self)

    def __rshift__(self, other):
        self.set_downstream(other)
        return other

    def __lshift__(self, other):
        self.set_upstream(other)
        return other

    def __rrshift__(self, other):  # [a, b] >> task
        self.set_upstream(other)
        return self

    def __rlshift__(self, other):  # [a, b] << task
        self.set_downstream(other)
        return self


class Variable:
    """``Variable.get`` answers from ``Variable.values`` (set by a test) and records each call."""

    values: dict = {}
    calls: list = []

    @classmethod
    def get(cls, key, default=NOTSET, deserialize_json=False):
        cls.calls.append(key)
        if key in cls.values:
            value = cls.values[key]
            return json.loads(value) if deserialize_json else value
        if default is NOTSET:
            raise KeyError(f"Variable {key} does not exist")
        return default


class Param:
    def __init__(self, default=NOTSET, description=None, **schema):
        self.value = default
        self.description = description
        self.schema = schema


class CronDataIntervalTimetable:
    import_path = "airflow.sdk"

    def __init__(self, cron, timezone):
        self.cron = cron
        self.timezone = timezone
