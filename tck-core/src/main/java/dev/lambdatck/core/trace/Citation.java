package dev.lambdatck.core.trace;

import org.apiguardian.api.API;

/** One rule id cited by one {@code @RuleTest} method, e.g. {@code RT-NEXT-001} by {@code NextTest#payload}. */
@API(status = API.Status.STABLE, since = "0.1")
public record Citation(String ruleId, String className, String methodName) {

    /** {@code com.example.NextTest#payload}. */
    public String testName() {
        return className + "#" + methodName;
    }
}
