package io.engagementlake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.engagementlake.io.LakeTable;
import io.engagementlake.pipeline.Job;
import io.engagementlake.pipeline.JobGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jobs}: the job graph, for people and for schedulers (the Airflow DAG reads the JSON). */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Print the job graph: names, inputs, outputs, dependencies.")
final class JobsCommand implements Callable<Integer> {
    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Job job : JobGraph.standard().jobs()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", job.name());
            entry.put("description", job.description());
            List<String> inputs = new ArrayList<>(job.rawInputs());
            job.inputs().stream().map(LakeTable::qualifiedName).forEach(inputs::add);
            job.optionalInputs().stream().map(LakeTable::qualifiedName).forEach(inputs::add);
            entry.put("inputs", inputs);
            List<String> outputs = new ArrayList<>();
            job.outputs().stream().map(LakeTable::qualifiedName).forEach(outputs::add);
            outputs.addAll(job.fileOutputs());
            entry.put("outputs", outputs);
            entry.put("depends_on", job.dependsOn());
            jobs.add(entry);
        }
        if (format == Format.json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("jobs", jobs)));
            return 0;
        }
        for (Map<String, Object> job : jobs) {
            System.out.println(job.get("name") + "  -  " + job.get("description"));
            System.out.println("    inputs:     " + String.join(", ", castList(job.get("inputs"))));
            System.out.println("    outputs:    " + String.join(", ", castList(job.get("outputs"))));
            List<String> dependsOn = castList(job.get("depends_on"));
            System.out.println("    depends on: " + (dependsOn.isEmpty() ? "-" : String.join(", ", dependsOn)));
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }
}
