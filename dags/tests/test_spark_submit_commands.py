"""Tests of spark_submit_commands.py: the DAG's tasks as the command lines the Spark provider runs.

The expected commands are written out by hand from SparkSubmitHook._build_spark_submit_command
(apache-airflow-providers-apache-spark): binary, --master, --conf..., --jars, --packages,
--name, --class, --deploy-mode, application, application arguments. DagCommandsIT runs the
lines this prints against local Spark; these tests need neither Java nor Airflow.

Run: python3 -m unittest discover -s dags/tests -v
"""

from __future__ import annotations

import io
import json
import unittest
from contextlib import redirect_stdout

import spark_submit_commands as submit

DS = "2025-03-01"


class SparkSubmitCommandsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.defaults = dict(submit.commands(DS, "local[*]"))
        cls.jobs = json.loads((submit.Path(submit.__file__).resolve().parent.parent / "engagement_jobs.json")
                              .read_text(encoding="utf-8"))["jobs"]

    def test_the_defaults_give_the_documented_command(self):
        self.assertEqual(self.defaults["gold_cx_impact"], [
            "spark-submit", "--master", "local[*]",
            "--conf", "spark.driver.memory=4g", "--conf", "spark.executor.memory=4g",
            "--name", "engagement-lake-gold_cx_impact-2025-03-01",
            "--class", "io.engagementlake.cli.EngagementCli",
            "/opt/engagement-lake/engagement-lake-jobs.jar",
            "run", "gold_cx_impact", "--as-of", "2025-03-01", "--conf", "/opt/engagement-lake/conf/engagement.yaml",
        ])

    def test_every_job_once_after_its_upstreams(self):
        order = [task_id for task_id, _ in submit.commands(DS, "local[*]")]
        self.assertCountEqual(order, [job["name"] for job in self.jobs])
        for job in self.jobs:
            for upstream in job["depends_on"]:
                with self.subTest(edge=(upstream, job["name"])):
                    self.assertLess(order.index(upstream), order.index(job["name"]))
        self.assertEqual(order[-1], "report")

    def test_variables_params_and_connection_reach_the_flags(self):
        variables = {
            "engagement_application_jar": "/jars/engagement-lake-jobs-spark.jar",
            "engagement_conf_file": "/etc/engagement/prod.yaml",
            "engagement_driver_memory": "2g",
            "engagement_spark_jars": "/jars/a.jar,/jars/b.jar",
            "engagement_spark_packages": "org.example:x:1.0",
            "engagement_spark_conf": json.dumps({"spark.cores.max": 2}),
            "engagement_set_overrides": json.dumps(["windows.economic_days=400"]),
        }
        master = submit.connection_master("spark", "spark-master", 7077)
        command = dict(submit.commands(DS, master, deploy_mode="client", variables=variables,
                                       params={"executor_memory": "1g"}))["silver_events"]
        self.assertEqual(command, [
            "spark-submit", "--master", "spark://spark-master:7077",
            "--conf", "spark.driver.memory=2g", "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
            "--jars", "/jars/a.jar,/jars/b.jar", "--packages", "org.example:x:1.0",
            "--name", "engagement-lake-silver_events-2025-03-01",
            "--class", "io.engagementlake.cli.EngagementCli",
            "--deploy-mode", "client",
            "/jars/engagement-lake-jobs-spark.jar",
            "run", "silver_events", "--as-of", "2025-03-01", "--conf", "/etc/engagement/prod.yaml",
            "--set", "windows.economic_days=400",
        ])

    def test_connection_masters_as_the_hook_resolves_them(self):
        self.assertEqual(submit.connection_master("spark", "local[*]", None), "local[*]")
        self.assertEqual(submit.connection_master("spark", "yarn", None), "yarn")
        self.assertEqual(submit.connection_master("spark", "spark://spark-master", 7077), "spark://spark-master:7077")
        self.assertEqual(submit.connection_master("spark", "spark-master", 7077), "spark://spark-master:7077")
        self.assertEqual(submit.connection_master("k8s", "https://kube:6443", None), "k8s://https://kube:6443")

    def test_an_argument_whose_flag_is_not_reproduced_fails(self):
        with self.assertRaisesRegex(ValueError, "env_vars"):
            submit.spark_submit_command({"task_id": "t", "application": "a.jar", "env_vars": {"A": "1"}}, "local[*]")

    def test_text_output_is_one_shell_line_per_task(self):
        out = io.StringIO()
        with redirect_stdout(out):
            submit.main(["--ds", DS, "--master", "local[2]"])
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), len(self.jobs))
        self.assertTrue(lines[0].startswith("spark-submit --master 'local[2]' --conf spark.driver.memory=4g "))
        self.assertTrue(lines[0].endswith(" run ingest_customers --as-of 2025-03-01 --conf /opt/engagement-lake/conf/engagement.yaml"))


if __name__ == "__main__":
    unittest.main()
