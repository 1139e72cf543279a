package io.engagementlake.pipeline;

import io.engagementlake.io.LakeTable;
import java.util.List;

/**
 * One step of the pipeline: reads its inputs, transforms, writes its outputs. Jobs are thin
 * entry points; the transformations they call are pure functions of Datasets.
 */
public interface Job {
    /** Stable name, used on the command line, in run records and as the Airflow task id. */
    String name();

    String description();

    /** Jobs whose outputs this one reads; they run first in a full run. */
    List<String> dependsOn();

    /** Landing-zone sources read by this job ({@code raw/<source>}). */
    default List<String> rawInputs() {
        return List.of();
    }

    /** Lake tables read by this job. */
    List<LakeTable> inputs();

    List<LakeTable> outputs();

    JobResult run(JobContext context);
}
