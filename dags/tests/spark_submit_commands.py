"""The spark-submit command lines that dags/engagement_pipeline.py runs for one date.

Loads the DAG file against the recording stand-in (``stand_in/airflow``), renders each task's
templated fields for the date (``render`` of the structure tests: the DAG's simple
``{{ ... }}`` expressions evaluated with a context shaped like Airflow's, not Jinja itself),
and builds each task's command the way the Apache Spark provider's
``SparkSubmitHook._build_spark_submit_command`` does: the binary, ``--master`` from the
connection, one ``--conf key=value`` per conf entry, then ``--files`` ... ``--jars``,
``--packages`` ... ``--executor-memory``, ``--driver-memory`` ... ``--name``, ``--class``,
``--queue``, ``--deploy-mode`` (each only when set), the application and its arguments.
Tasks come out in dependency order (creation order among tasks whose upstreams are done).

Fields the DAG does not set and whose flags are not reproduced here (env_vars, keytab,
principal, properties_file, ...) make this fail rather than print a wrong command.

Usage (prints one shell-quoted command line per task, or JSON for programs):

    python3 -B dags/tests/spark_submit_commands.py --ds 2025-03-31 --master 'local[2]' \\
        --var engagement_application_jar=jobs/target/engagement-lake-jobs-spark.jar \\
        --var engagement_conf_file=conf/local.yaml [--format json]

``--master``/``--conn-port``/``--conn-type``/``--deploy-mode``/``--queue`` stand for the
Airflow connection (``engagement_spark_conn_id``); ``--var KEY=VALUE`` for Airflow Variables
(read at parse time and at run time alike), ``--param KEY=VALUE`` for a triggered run's params.
Runs no Airflow, no Java and nothing else.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_engagement_pipeline_dag import load_dag, render  # noqa: E402  (stdlib-only helpers)

DEFAULT_SPARK_BINARY = "spark-submit"

# SparkSubmitHook._build_spark_common_args, in its order: operator field -> flag. Fields
# given as None / "" / 0 emit nothing, as in the hook (`if self._jars: ...`).
_VALUE_FLAGS = [
    ("files", "--files"),
    ("py_files", "--py-files"),
    ("archives", "--archives"),
    ("driver_class_path", "--driver-class-path"),
    ("jars", "--jars"),
    ("packages", "--packages"),
    ("exclude_packages", "--exclude-packages"),
    ("repositories", "--repositories"),
    ("num_executors", "--num-executors"),
    ("total_executor_cores", "--total-executor-cores"),
    ("executor_cores", "--executor-cores"),
    ("executor_memory", "--executor-memory"),
    ("driver_memory", "--driver-memory"),
]
_AFTER_MEMORY_FLAGS = [
    ("proxy_user", "--proxy-user"),
    ("name", "--name"),
    ("java_class", "--class"),
]
# Operator arguments that shape no flag of the command.
_NO_FLAG = {"task_id", "conn_id", "application", "application_args", "conf", "status_poll_interval", "doc_md"}
_REPRODUCED = _NO_FLAG | {field for field, _ in _VALUE_FLAGS + _AFTER_MEMORY_FLAGS} | {"verbose", "spark_binary"}


def connection_master(conn_type: str, host: str, port: int | None) -> str:
    """The master URL that SparkSubmitHook._resolve_connection makes of a connection."""
    if conn_type == "spark" and host and ("://" in host or not port):
        master = host
    else:
        master = f"{conn_type}://{host or ''}"
    return f"{master}:{port}" if port else master


def spark_submit_command(operator_kwargs: dict, master: str, deploy_mode: str | None = None,
                         queue: str | None = None, base_operator_args: frozenset = frozenset()) -> list[str]:
    """One rendered SparkSubmitOperator's command, as the hook builds it.

    ``base_operator_args`` (retries, callbacks, ...) are BaseOperator's: they reach no flag.
    """
    operator_args = {key: value for key, value in operator_kwargs.items()
                     if key not in _REPRODUCED and key not in base_operator_args}
    if operator_args:
        raise ValueError(f"task {operator_kwargs.get('task_id')}: arguments {sorted(operator_args)} are not reproduced here")
    command = [operator_kwargs.get("spark_binary") or DEFAULT_SPARK_BINARY, "--master", master]
    for key, value in (operator_kwargs.get("conf") or {}).items():
        command += ["--conf", f"{key}={value}"]
    for field, flag in _VALUE_FLAGS:
        if operator_kwargs.get(field):
            command += [flag, str(operator_kwargs[field])]
    for field, flag in _AFTER_MEMORY_FLAGS:
        value = operator_kwargs.get(field, "arrow-spark" if field == "name" else None)  # the operator's default name
        if value:
            command += [flag, str(value)]
    if operator_kwargs.get("verbose"):
        command.append("--verbose")
    if queue:
        command += ["--queue", queue]
    if deploy_mode:
        command += ["--deploy-mode", deploy_mode]
    command.append(operator_kwargs["application"])
    command += [str(argument) for argument in operator_kwargs.get("application_args") or []]
    return command


def dependency_order(dag) -> list[str]:
    """Task ids so that every task comes after its upstreams; ties keep creation order."""
    upstreams = {task_id: set() for task_id in dag.tasks}
    for upstream, downstream in dag.edges:
        upstreams[downstream].add(upstream)
    order: list[str] = []
    while len(order) < len(upstreams):
        ready = [task_id for task_id in dag.tasks if task_id not in order and upstreams[task_id] <= set(order)]
        if not ready:
            raise ValueError(f"the DAG has a cycle among {sorted(set(upstreams) - set(order))}")
        order.append(ready[0])
    return order


def commands(ds: str, master: str, deploy_mode: str | None = None, queue: str | None = None,
             variables: dict | None = None, params: dict | None = None) -> list[tuple[str, list[str]]]:
    """(task id, command) of every task of the DAG for ``ds``, in dependency order."""
    variables = dict(variables or {})
    _, dag, _ = load_dag(variables=variables)
    result = []
    for task_id in dependency_order(dag):
        task = dag.tasks[task_id]
        rendered = dict(task.kwargs)
        for field in type(task).template_fields:
            if field in rendered:
                rendered[field] = render(rendered[field], ds, params, variables)
        base_operator_args = next(cls.accepted_args for cls in type(task).__mro__ if cls.__name__ == "BaseOperator")
        result.append((task_id, spark_submit_command(rendered, master, deploy_mode, queue, base_operator_args)))
    return result


def _pairs(values: list[str], what: str) -> dict:
    pairs = {}
    for value in values:
        key, separator, text = value.partition("=")
        if not separator or not key:
            raise SystemExit(f"spark_submit_commands: {what} must be KEY=VALUE, got {value!r}")
        pairs[key] = text
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the spark-submit command of every task of the DAG for one date.")
    parser.add_argument("--ds", required=True, help="the run's ds (YYYY-MM-DD)")
    parser.add_argument("--master", default="local[*]", help="the Spark connection's host (default: local[*])")
    parser.add_argument("--conn-type", default="spark", help="the connection's type (default: spark)")
    parser.add_argument("--conn-port", type=int, default=None, help="the connection's port")
    parser.add_argument("--deploy-mode", default=None, help="the connection's extra deploy-mode")
    parser.add_argument("--queue", default=None, help="the connection's extra queue (YARN)")
    parser.add_argument("--var", action="append", default=[], metavar="KEY=VALUE", help="an Airflow Variable")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a param of the DAG run")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    options = parser.parse_args(argv)
    master = connection_master(options.conn_type, options.master, options.conn_port)
    rendered = commands(options.ds, master, options.deploy_mode, options.queue,
                        _pairs(options.var, "--var"), _pairs(options.param, "--param"))
    if options.format == "json":
        print(json.dumps([{"task_id": task_id, "command": command} for task_id, command in rendered], indent=1))
    else:
        for _, command in rendered:
            print(shlex.join(command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
