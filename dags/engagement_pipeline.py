"""Engagement Lake: the daily pipeline as an Airflow DAG (Airflow 2.9+ and 3.x).

One task per job of the job graph (``bin/engagement jobs``): ingestion per source, then
silver, the CLV model and the gold tables, with the graph's dependencies as edges. Each
task is a ``SparkSubmitOperator`` (apache-airflow-providers-apache-spark) that runs

    spark-submit --class io.engagementlake.cli.EngagementCli <jar> \\
        run <job> --as-of <ds> --conf <conf file> [--set key=value ...]

where ``<ds>`` is the run's ``{{ ds }}``: the day whose data interval just ended (the
schedule is an explicit daily data-interval timetable, so Airflow 2 and 3 agree on it).
A backfill of an old date gives the same tables as the daily run of that date did.

The job graph is read from ``engagement_jobs.json`` beside this file, the exact output of
``bin/engagement jobs --format json``: parsing this file runs no Java and opens no Spark.
The tests in ``tests/`` fail when that JSON no longer equals what the CLI prints.

Settings are Airflow Variables (docs/airflow.md describes each one):

  read when a task runs (templates; a triggered run can override the first four with
  its params application_jar, conf_file, driver_memory, executor_memory):
    engagement_application_jar    /opt/engagement-lake/engagement-lake-jobs.jar
    engagement_conf_file          /opt/engagement-lake/conf/engagement.yaml
    engagement_driver_memory      4g
    engagement_executor_memory    4g
    engagement_spark_jars         (empty)  comma-separated jars for --jars
    engagement_spark_packages     (empty)  comma-separated Maven coordinates for --packages
  read when this file is parsed (they shape the DAG itself):
    engagement_start_date         2025-01-01  first as-of date; catchup runs from here
    engagement_spark_conn_id      spark_default
    engagement_spark_conf         {}  JSON object: extra --conf key=value for spark-submit
    engagement_set_overrides      []  JSON list of "key=value": --set for every job
    engagement_max_active_tasks   1   jobs of one run at the same time (Delta writers)

Failures: every task that fails for good logs one line (``log_task_failure``). To alert,
append a callable or an Airflow notifier to ``FAILURE_CALLBACKS`` (see docs/airflow.md).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:  # Airflow 3.x: the Task SDK
    from airflow.sdk import DAG, Param, Variable
except ImportError:  # Airflow 2.9+
    from airflow import DAG
    from airflow.models import Variable
    from airflow.models.param import Param
try:  # Airflow 3 releases whose Task SDK has the timetables
    from airflow.sdk import CronDataIntervalTimetable
except ImportError:  # Airflow 2.9+ and 3.0
    from airflow.timetables.interval import CronDataIntervalTimetable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DAG_ID = "engagement_pipeline"
MAIN_CLASS = "io.engagementlake.cli.EngagementCli"
JOBS_FILE = Path(__file__).with_name("engagement_jobs.json")

# Daily at midnight UTC, as a data-interval timetable: the run for day D starts when D has
# ended and gets {{ ds }} = D. (A bare "@daily" would mean that on Airflow 2 but, by
# default, "run at the start of D with ds = D" on Airflow 3, before D's data has landed.)
SCHEDULE_CRON = "@daily"
SCHEDULE_TIMEZONE = "UTC"

# Defaults of the settings: conventions of a deployment, not paths of any one machine.
DEFAULT_APPLICATION_JAR = "/opt/engagement-lake/engagement-lake-jobs.jar"
DEFAULT_CONF_FILE = "/opt/engagement-lake/conf/engagement.yaml"
DEFAULT_DRIVER_MEMORY = "4g"
DEFAULT_EXECUTOR_MEMORY = "4g"
DEFAULT_START_DATE = "2025-01-01"
DEFAULT_CONN_ID = "spark_default"
DEFAULT_MAX_ACTIVE_TASKS = 1

# Retry and timeout policy of every task: 5, 10, 20 min (exponential, capped at 1 h).
RETRIES = 3
RETRY_DELAY = timedelta(minutes=5)
MAX_RETRY_DELAY = timedelta(hours=1)
EXECUTION_TIMEOUT = timedelta(hours=3)

log = logging.getLogger(__name__)


def log_task_failure(context) -> None:
    """Logs one line naming the failed job, its as-of date, the try, the error and the rerun.

    The rerun clears the job with its upstream (-u: silver is rebuilt per as-of date, and a
    later run may have rebuilt it for another date since) and downstream (-d) tasks.
    """
    ti = context.get("task_instance") or context.get("ti")
    task_id = getattr(ti, "task_id", "?")
    try_number = getattr(ti, "try_number", "?")
    max_tries = getattr(ti, "max_tries", None)
    as_of = context.get("ds", "?")
    error = " ".join(str(context.get("exception") or "unknown error").split())
    log.error(
        "%s: job %s failed for as-of %s (try %s of %s): %s; after fixing the cause rerun it with: "
        "airflow tasks clear %s -t '^%s$' -u -d -s %s -e %s",
        DAG_ID, task_id, as_of, try_number, "?" if max_tries is None else max_tries + 1, error,
        DAG_ID, task_id, as_of, as_of,
    )


# Alerting: append a callable that takes the task context, or a notifier, for example
#   from airflow.providers.slack.notifications.slack import SlackNotifier
#   FAILURE_CALLBACKS.append(SlackNotifier(slack_conn_id="slack", channel="#data",
#                                          text="engagement_pipeline {{ ti.task_id }} failed for {{ ds }}"))
FAILURE_CALLBACKS = [log_task_failure]


def load_jobs(path: Path = JOBS_FILE) -> list[dict]:
    """The job graph as ``bin/engagement jobs --format json`` printed it, in dependency order."""
    with open(path, encoding="utf-8") as f:
        jobs = json.load(f)["jobs"]
    names = {job["name"] for job in jobs}
    for job in jobs:
        unknown = [dep for dep in job["depends_on"] if dep not in names]
        if unknown:
            raise ValueError(f"{path}: job {job['name']} depends on unknown jobs {unknown}")
    return jobs


def _variable(key: str, default, *, json_value: bool = False):
    # The default goes by position: Airflow 2 names it default_var, the Task SDK default.
    if json_value:
        return Variable.get(key, default, deserialize_json=True)
    return Variable.get(key, default)


def _templated_setting(param: str, variable: str, default: str) -> str:
    """A template: the DAG run's param if set, else the Airflow Variable, else the default."""
    return "{{ params.%s or var.value.get('%s', '%s') }}" % (param, variable, default)


def _start_date() -> datetime:
    text = str(_variable("engagement_start_date", DEFAULT_START_DATE)).strip()
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"Airflow Variable engagement_start_date must be YYYY-MM-DD, got {text!r}") from None
    return day.replace(tzinfo=timezone.utc)


def _set_overrides() -> list[str]:
    overrides = _variable("engagement_set_overrides", [], json_value=True)
    if not isinstance(overrides, list) or not all(isinstance(o, str) and "=" in o for o in overrides):
        raise ValueError(
            'Airflow Variable engagement_set_overrides must be a JSON list of "key=value" strings, '
            f"got {overrides!r}")
    return overrides


def _spark_conf() -> dict:
    extra = _variable("engagement_spark_conf", {}, json_value=True)
    if not isinstance(extra, dict):
        raise ValueError(f"Airflow Variable engagement_spark_conf must be a JSON object, got {extra!r}")
    # Memory goes in as --conf: conf is a templated field of SparkSubmitOperator, while its
    # driver_memory / executor_memory arguments are not (a template there would reach
    # spark-submit as literal text). In client mode spark-submit sizes the driver JVM from
    # spark.driver.memory before starting it.
    conf = {
        "spark.driver.memory": _templated_setting("driver_memory", "engagement_driver_memory", DEFAULT_DRIVER_MEMORY),
        "spark.executor.memory": _templated_setting("executor_memory", "engagement_executor_memory", DEFAULT_EXECUTOR_MEMORY),
    }
    conf.update({str(key): str(value) for key, value in extra.items()})
    return conf


def _max_active_tasks() -> int:
    value = _variable("engagement_max_active_tasks", DEFAULT_MAX_ACTIVE_TASKS)
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        raise ValueError(f"Airflow Variable engagement_max_active_tasks must be a positive integer, got {value!r}")
    return count


APPLICATION_JAR = _templated_setting("application_jar", "engagement_application_jar", DEFAULT_APPLICATION_JAR)
CONF_FILE = _templated_setting("conf_file", "engagement_conf_file", DEFAULT_CONF_FILE)
SPARK_JARS = "{{ var.value.get('engagement_spark_jars', '') }}"
SPARK_PACKAGES = "{{ var.value.get('engagement_spark_packages', '') }}"


def application_args(job: str, overrides: list[str]) -> list[str]:
    """The CLI arguments of one job: ``run <job> --as-of {{ ds }} --conf <file> [--set k=v ...]``."""
    args = ["run", job, "--as-of", "{{ ds }}", "--conf", CONF_FILE]
    for override in overrides:
        args += ["--set", override]
    return args


default_args = {
    "owner": "engagement-lake",
    "depends_on_past": False,
    "retries": RETRIES,
    "retry_delay": RETRY_DELAY,
    "retry_exponential_backoff": True,
    "max_retry_delay": MAX_RETRY_DELAY,
    "execution_timeout": EXECUTION_TIMEOUT,
    "on_failure_callback": FAILURE_CALLBACKS,
}

JOBS = load_jobs()
SET_OVERRIDES = _set_overrides()
SPARK_CONF = _spark_conf()
CONN_ID = str(_variable("engagement_spark_conn_id", DEFAULT_CONN_ID))

with DAG(
    dag_id=DAG_ID,
    description="Engagement Lake: ingestion, silver, CLV model and gold tables for each day",
    schedule=CronDataIntervalTimetable(SCHEDULE_CRON, timezone=SCHEDULE_TIMEZONE),
    start_date=_start_date(),
    catchup=True,
    max_active_runs=1,
    max_active_tasks=_max_active_tasks(),
    is_paused_upon_creation=True,
    default_args=default_args,
    params={
        "application_jar": Param("", type="string", description="Application jar; empty: Variable engagement_application_jar"),
        "conf_file": Param("", type="string", description="Config file for --conf; empty: Variable engagement_conf_file"),
        "driver_memory": Param("", type="string", description="spark.driver.memory; empty: Variable engagement_driver_memory"),
        "executor_memory": Param("", type="string", description="spark.executor.memory; empty: Variable engagement_executor_memory"),
    },
    tags=["engagement-lake"],
    doc_md=__doc__,
) as dag:
    tasks = {}
    for job in JOBS:
        name = job["name"]
        tasks[name] = SparkSubmitOperator(
            task_id=name,
            doc_md=job["description"],
            conn_id=CONN_ID,
            application=APPLICATION_JAR,
            java_class=MAIN_CLASS,
            application_args=application_args(name, SET_OVERRIDES),
            conf=dict(SPARK_CONF),
            jars=SPARK_JARS,
            packages=SPARK_PACKAGES,
            name="engagement-lake-" + name + "-{{ ds }}",
        )
    for job in JOBS:
        for upstream in job["depends_on"]:
            tasks[upstream] >> tasks[job["name"]]
