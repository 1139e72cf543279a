"""Stand-in for ``SparkSubmitOperator`` of apache-airflow-providers-apache-spark.

Accepts only the arguments that the provider's releases for Airflow 2.9+ and 3.x all accept,
and lists as ``template_fields`` only the fields that all of them render with Jinja (newer
releases no longer template driver_memory, executor_memory or num_executors, older ones never
templated conn_id or java_class).
"""
from airflow._recording import BASE_OPERATOR_ARGS, BaseOperator


class SparkSubmitOperator(BaseOperator):
    accepted_args = BASE_OPERATOR_ARGS | {
        "application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path",
        "jars", "java_class", "packages", "exclude_packages", "repositories",
        "total_executor_cores", "executor_cores", "executor_memory", "driver_memory", "keytab",
        "principal", "proxy_user", "name", "num_executors", "status_poll_interval",
        "application_args", "env_vars", "verbose", "spark_binary",
    }
    template_fields = (
        "application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
        "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
        "env_vars",
    )


__all__ = ["SparkSubmitOperator"]
