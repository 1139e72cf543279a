"""Structure tests of dags/engagement_pipeline.py, without Airflow (stdlib unittest only).

The DAG file is loaded against a recording stand-in for the few Airflow names it imports
(``stand_in/airflow``, put on ``sys.path`` only while a test loads the file). The stand-in
records the DAG's arguments, every operator's arguments and the edges; it does not schedule,
render templates or run anything. So these tests check the DAG's STRUCTURE only: that its
tasks and edges are the job graph of ``bin/engagement jobs --format json``, that each task
submits ``run <job> --as-of {{ ds }}``, and the scheduling policy. They do NOT prove that
Airflow parses or runs the file; that needs a real Airflow with the Apache Spark provider.

``test_shipped_json_equals_cli`` and ``test_tasks_and_edges_equal_cli_job_graph`` run
``bin/engagement`` and so need a built checkout (``./mvnw -B package -DskipTests``);
``./mvnw -B verify`` runs these tests after packaging.

Run: python3 -m unittest discover -s dags/tests -v
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import py_compile
import re
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime, timedelta, timezone
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
STAND_IN = TESTS_DIR / "stand_in"
DAGS_DIR = TESTS_DIR.parent
REPO = DAGS_DIR.parent
DAG_FILE = DAGS_DIR / "engagement_pipeline.py"
JOBS_JSON = DAGS_DIR / "engagement_jobs.json"
LAUNCHER = REPO / "bin" / "engagement"
JAR = REPO / "jobs" / "target" / "engagement-lake-jobs.jar"
MAIN_CLASS = "io.engagementlake.cli.EngagementCli"

# The Variables the DAG may read while it is parsed; everything else is read at run time.
PARSE_TIME_VARIABLES = {
    "engagement_start_date", "engagement_spark_conn_id", "engagement_spark_conf",
    "engagement_set_overrides", "engagement_max_active_tasks",
}

_cli_output = None


def cli_jobs_json() -> str:
    """Stdout of ``bin/engagement jobs --format json``, run once per test process."""
    global _cli_output
    if _cli_output is None:
        if not JAR.is_file():
            raise AssertionError(
                f"{JAR} is missing: these tests compare the DAG with the job graph that "
                "'bin/engagement jobs --format json' prints, so build the checkout first with "
                "'./mvnw -B package -DskipTests' (./mvnw -B verify does it before running them)")
        result = subprocess.run([str(LAUNCHER), "jobs", "--format", "json"], cwd=REPO,
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise AssertionError(f"'bin/engagement jobs --format json' exited {result.returncode}: {result.stderr.strip()}")
        _cli_output = result.stdout
    return _cli_output


def _purge_airflow_modules() -> None:
    for name in list(sys.modules):
        if name == "airflow" or name.startswith("airflow.") or name.startswith("engagement_pipeline_under_test"):
            del sys.modules[name]


@contextlib.contextmanager
def stand_in_airflow(variant: str = "3.1"):
    """The stand-in on sys.path, shaped like Airflow ``variant``.

    "3.1": a Task SDK that exports the timetables; "3.0": a Task SDK without them (the DAG
    falls back to airflow.timetables.interval); "2": no Task SDK at all.
    """
    _purge_airflow_modules()
    sys.path.insert(0, str(STAND_IN))
    try:
        recording = importlib.import_module("airflow._recording")
        recording.reset()
        if variant == "2":  # no Task SDK: `import airflow.sdk` fails
            sys.modules["airflow.sdk"] = None
        elif variant == "3.0":  # a Task SDK without the timetables
            del importlib.import_module("airflow.sdk").CronDataIntervalTimetable
        elif variant != "3.1":
            raise ValueError(variant)
        yield recording
    finally:
        sys.path.remove(str(STAND_IN))
        _purge_airflow_modules()


_loads = 0


def load_dag(variant: str = "3.1", variables: dict | None = None):
    """Imports the DAG file against the stand-in; returns (module, recorded DAG, Variable calls)."""
    global _loads
    _loads += 1
    with stand_in_airflow(variant) as recording:
        recording.Variable.values = dict(variables or {})
        spec = importlib.util.spec_from_file_location(f"engagement_pipeline_under_test_{_loads}", DAG_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if len(recording.recorded_dags) != 1:
            raise AssertionError(f"expected one DAG, the file made {len(recording.recorded_dags)}")
        return module, recording.recorded_dags[0], list(recording.Variable.calls)


class _Attrs(dict):
    def __getattr__(self, name):
        return self[name]


class _VariableAccessor:
    """Like Airflow's ``var.value`` in templates: ``get(key, default)``."""

    def __init__(self, store: dict):
        self._store = store

    def get(self, key, default=None):
        return self._store.get(key, default)


def render(value, ds: str, params: dict | None = None, variables: dict | None = None):
    """A stand-in for Airflow's Jinja rendering of the simple ``{{ expr }}`` templates this DAG uses.

    The expressions (``ds``, ``params.x or var.value.get('k', 'd')``) read the same in Python,
    so they are evaluated as Python with a context shaped like Airflow's. Not Jinja itself.
    """
    if isinstance(value, list):
        return [render(v, ds, params, variables) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ds, params, variables) for k, v in value.items()}
    if not isinstance(value, str):
        return value
    context = {
        "ds": ds,
        "params": _Attrs({"application_jar": "", "conf_file": "", "driver_memory": "", "executor_memory": "", **(params or {})}),
        "var": _Attrs({"value": _VariableAccessor(dict(variables or {}))}),
    }
    return re.sub(r"\{\{(.*?)\}\}", lambda m: str(eval(m.group(1), {"__builtins__": {}}, context)), value)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
            yield from strings_in(v)
    elif isinstance(value, (list, tuple, set)):
        for v in value:
            yield from strings_in(v)


class DagFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.module, cls.dag, cls.variable_calls = load_dag()
        cls.jobs = json.loads(JOBS_JSON.read_text(encoding="utf-8"))["jobs"]

    def test_dag_file_compiles(self):
        with tempfile.TemporaryDirectory() as tmp:
            py_compile.compile(str(DAG_FILE), cfile=os.path.join(tmp, "dag.pyc"), doraise=True)

    def test_shipped_json_equals_cli(self):
        cli = cli_jobs_json()
        shipped = JOBS_JSON.read_text(encoding="utf-8")
        regenerate = "regenerate it with: bin/engagement jobs --format json > dags/engagement_jobs.json"
        self.assertEqual(json.loads(shipped), json.loads(cli), f"dags/engagement_jobs.json is not the CLI's job graph; {regenerate}")
        self.assertEqual(shipped, cli, f"dags/engagement_jobs.json is not byte for byte the CLI's output; {regenerate}")

    def test_tasks_and_edges_equal_cli_job_graph(self):
        cli_jobs = json.loads(cli_jobs_json())["jobs"]
        self.assertEqual(list(self.dag.tasks), [job["name"] for job in cli_jobs])
        self.assertEqual(self.dag.edges, {(dep, job["name"]) for job in cli_jobs for dep in job["depends_on"]})

    def test_tasks_and_edges_equal_shipped_json(self):
        self.assertEqual(list(self.dag.tasks), [job["name"] for job in self.jobs])
        self.assertEqual(self.dag.edges, {(dep, job["name"]) for job in self.jobs for dep in job["depends_on"]})
        self.assertEqual(len(self.dag.tasks), 17)

    def test_every_task_runs_its_job_as_of_ds(self):
        for task_id, task in self.dag.tasks.items():
            with self.subTest(task=task_id):
                self.assertEqual(type(task).__name__, "SparkSubmitOperator")
                self.assertEqual(task.kwargs["java_class"], MAIN_CLASS)
                args = task.kwargs["application_args"]
                self.assertEqual(args[:2], ["run", task_id])
                self.assertIn("--as-of", args)
                self.assertEqual(args[args.index("--as-of") + 1], "{{ ds }}")
                self.assertIn("--conf", args)
                self.assertTrue(args[args.index("--conf") + 1])
                self.assertIn("{{ ds }}", task.kwargs["name"])

    def test_schedule_is_daily_with_catchup_and_one_run_at_a_time(self):
        kwargs = self.dag.kwargs
        self.assertEqual(kwargs["dag_id"], "engagement_pipeline")
        self.assertIs(kwargs["catchup"], True)
        self.assertEqual(kwargs["max_active_runs"], 1)
        self.assertEqual(type(kwargs["schedule"]).__name__, "CronDataIntervalTimetable")
        self.assertEqual((kwargs["schedule"].cron, kwargs["schedule"].timezone), ("@daily", "UTC"))
        self.assertEqual(kwargs["start_date"], datetime(2025, 1, 1, tzinfo=timezone.utc))
        self.assertEqual(kwargs["max_active_tasks"], 1)
        self.assertIs(kwargs["is_paused_upon_creation"], True)
        self.assertNotIn("schedule_interval", kwargs)

    def test_retries_with_exponential_backoff_timeout_and_failure_callback(self):
        for task_id, task in self.dag.tasks.items():
            with self.subTest(task=task_id):
                args = task.effective
                self.assertGreaterEqual(args["retries"], 1)
                self.assertIs(args["retry_exponential_backoff"], True)
                self.assertGreater(args["retry_delay"], timedelta(0))
                self.assertGreaterEqual(args["max_retry_delay"], args["retry_delay"])
                self.assertGreater(args["execution_timeout"], timedelta(0))
                self.assertIn(self.module.log_task_failure, args["on_failure_callback"])

    def test_failure_callback_logs_one_line(self):
        class TaskInstance:
            task_id = "silver_events"
            try_number = 4
            max_tries = 3

        context = {"ti": TaskInstance(), "ds": "2025-03-01", "exception": RuntimeError("spark-submit\nexited 5")}
        with self.assertLogs(self.module.log, level="ERROR") as logs:
            self.module.log_task_failure(context)
        self.assertEqual(len(logs.records), 1)
        line = logs.records[0].getMessage()
        self.assertNotIn("\n", line)
        for part in ("engagement_pipeline", "silver_events", "2025-03-01", "try 4 of 4", "spark-submit exited 5",
                     "airflow tasks clear engagement_pipeline -t '^silver_events$' -u -d -s 2025-03-01 -e 2025-03-01"):
            self.assertIn(part, line)

    def test_templates_only_in_fields_that_the_operator_renders(self):
        for task_id, task in self.dag.tasks.items():
            for arg, value in task.kwargs.items():
                if any("{{" in s for s in strings_in(value)):
                    with self.subTest(task=task_id, arg=arg):
                        self.assertIn(arg, type(task).template_fields)

    def test_no_path_of_this_machine(self):
        forbidden = {str(REPO), str(Path.home()), "/work/", "/tmp/", "/root/", "/home/"}
        values = list(strings_in(self.dag.kwargs))
        for task in self.dag.tasks.values():
            values += strings_in(task.kwargs)
        for value in values:
            for path in forbidden:
                self.assertNotIn(path, value)
        source = DAG_FILE.read_text(encoding="utf-8")
        self.assertNotIn(str(REPO), source)

    def test_defaults_render_to_a_cli_command_line(self):
        task = self.dag.tasks["gold_cx_impact"]
        self.assertEqual(render(task.kwargs["application_args"], "2025-03-01"),
                         ["run", "gold_cx_impact", "--as-of", "2025-03-01", "--conf", "/opt/engagement-lake/conf/engagement.yaml"])
        self.assertEqual(render(task.kwargs["application"], "2025-03-01"), "/opt/engagement-lake/engagement-lake-jobs.jar")
        self.assertEqual(render(task.kwargs["conf"], "2025-03-01"), {"spark.driver.memory": "4g", "spark.executor.memory": "4g"})
        self.assertEqual(render(task.kwargs["name"], "2025-03-01"), "engagement-lake-gold_cx_impact-2025-03-01")
        self.assertEqual(render([task.kwargs["jars"], task.kwargs["packages"]], "2025-03-01"), ["", ""])
        self.assertEqual(task.kwargs["conn_id"], "spark_default")

    def test_run_time_settings_come_from_variables_then_params(self):
        task = self.dag.tasks["ingest_customers"]
        variables = {"engagement_application_jar": "s3a://bucket/jars/lake.jar", "engagement_conf_file": "conf/prod.yaml",
                     "engagement_driver_memory": "8g", "engagement_spark_jars": "a.jar,b.jar"}
        self.assertEqual(render(task.kwargs["application"], "2025-03-01", variables=variables), "s3a://bucket/jars/lake.jar")
        self.assertEqual(render(task.kwargs["application_args"], "2025-03-01", variables=variables)[-1], "conf/prod.yaml")
        self.assertEqual(render(task.kwargs["conf"], "2025-03-01", variables=variables)["spark.driver.memory"], "8g")
        self.assertEqual(render(task.kwargs["jars"], "2025-03-01", variables=variables), "a.jar,b.jar")
        params = {"conf_file": "conf/rerun.yaml", "executor_memory": "16g"}
        self.assertEqual(render(task.kwargs["application_args"], "2025-03-01", params, variables)[-1], "conf/rerun.yaml")
        self.assertEqual(render(task.kwargs["conf"], "2025-03-01", params, variables)["spark.executor.memory"], "16g")
        self.assertEqual(set(self.dag.kwargs["params"]), {"application_jar", "conf_file", "driver_memory", "executor_memory"})

    def test_parse_time_settings_come_from_variables(self):
        _, dag, calls = load_dag(variables={
            "engagement_start_date": "2024-06-01",
            "engagement_spark_conn_id": "spark_cluster",
            "engagement_spark_conf": json.dumps({"spark.executor.instances": 4, "spark.eventLog.enabled": "true"}),
            "engagement_set_overrides": json.dumps(["windows.economic_days=400", "spark.settings.spark.sql.shuffle.partitions=64"]),
            "engagement_max_active_tasks": "4",
        })
        self.assertEqual(dag.kwargs["start_date"], datetime(2024, 6, 1, tzinfo=timezone.utc))
        self.assertEqual(dag.kwargs["max_active_tasks"], 4)
        for task_id, task in dag.tasks.items():
            with self.subTest(task=task_id):
                self.assertEqual(task.kwargs["conn_id"], "spark_cluster")
                self.assertEqual(task.kwargs["conf"]["spark.executor.instances"], "4")
                self.assertEqual(task.kwargs["conf"]["spark.eventLog.enabled"], "true")
                self.assertIn("spark.driver.memory", task.kwargs["conf"])
                self.assertEqual(task.kwargs["application_args"][6:], [
                    "--set", "windows.economic_days=400", "--set", "spark.settings.spark.sql.shuffle.partitions=64"])
        self.assertEqual(set(calls), PARSE_TIME_VARIABLES)

    def test_parsing_reads_only_the_parse_time_variables_once(self):
        self.assertEqual(sorted(self.variable_calls), sorted(PARSE_TIME_VARIABLES))

    def test_bad_variables_fail_with_their_name(self):
        cases = {
            "engagement_start_date": "yesterday",
            "engagement_set_overrides": json.dumps("windows.economic_days=400"),
            "engagement_spark_conf": json.dumps(["spark.executor.instances=4"]),
            "engagement_max_active_tasks": "0",
        }
        for key, value in cases.items():
            with self.subTest(variable=key):
                with self.assertRaisesRegex(ValueError, key):
                    load_dag(variables={key: value})

    def test_imports_work_on_airflow_2_and_3(self):
        for variant, dag_path, timetable_path in [("3.1", "airflow.sdk", "airflow.sdk"),
                                                   ("3.0", "airflow.sdk", "airflow.timetables.interval"),
                                                   ("2", "airflow", "airflow.timetables.interval")]:
            with self.subTest(airflow=variant):
                _, dag, _ = load_dag(variant)
                self.assertEqual(type(dag).import_path, dag_path)
                self.assertEqual(type(dag.kwargs["schedule"]).import_path, timetable_path)
                self.assertEqual(list(dag.tasks), list(self.dag.tasks))
                self.assertEqual(dag.edges, self.dag.edges)

    def test_parsing_runs_no_process(self):
        source = DAG_FILE.read_text(encoding="utf-8")
        for word in ("subprocess", "os.system", "Popen"):
            self.assertNotIn(word, source)


class StandInTest(unittest.TestCase):
    """The stand-in rejects what Airflow rejects, so the checks above mean something."""

    def test_unknown_arguments_fail(self):
        with stand_in_airflow() as recording:
            from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
            from airflow.sdk import DAG
            with self.assertRaisesRegex(TypeError, "schedule_interval"):
                DAG("d", schedule_interval="@daily")
            with DAG("d"):
                with self.assertRaisesRegex(TypeError, "main_class"):
                    SparkSubmitOperator(task_id="t", main_class="x")
            self.assertEqual(len(recording.recorded_dags), 1)

    def test_records_edges_and_rejects_duplicate_task_ids(self):
        with stand_in_airflow():
            from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
            from airflow.sdk import DAG
            with DAG("d") as dag:
                a, b, c = (SparkSubmitOperator(task_id=t) for t in "abc")
                a >> b
                c.set_upstream(b)
                [a, b] >> c
                with self.assertRaises(ValueError):
                    SparkSubmitOperator(task_id="a")
            self.assertEqual(dag.edges, {("a", "b"), ("b", "c"), ("a", "c")})


if __name__ == "__main__":
    unittest.main()
